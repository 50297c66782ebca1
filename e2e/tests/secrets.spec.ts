// The server runs with canary values for its secrets (playwright.config.ts) and a workspace saves
// a canary Hub token: none of them may appear in the built client bundle, any page or its data,
// any API answer or error, or a downloaded export. Run against the production build.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "@playwright/test";
import { canariesIn, WORKSPACE_HUB_TOKEN_CANARY } from "../canaries.ts";
import { expect, launchBatch, newAccount, signUp, trpcMutation, trpcQuery } from "../fixtures.ts";

const CLIENT_BUILD = path.resolve(import.meta.dirname, "../../apps/web/build/client");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * Text found only in the server modules that read secrets (the web's env module, the secret-key
 * parser, better-auth's server setup): in the browser bundle it means one was shipped there.
 */
const SERVER_ONLY_TEXT = [
  "BETTER_AUTH_SECRET must be at least 32 characters",
  "bytes written as 64 hex digits or as base64",
  "aes-256-gcm",
];

test("the client bundle carries no secret, and none of the code that reads one", () => {
  // `npm test` builds with the canaries in the environment (scripts/test.ts), so a secret a
  // build inlined (a $env/static/private import in browser code) would be found here.
  const files = filesUnder(CLIENT_BUILD);
  expect(files.length).toBeGreaterThan(5);
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, "latin1");
    const where = path.relative(CLIENT_BUILD, file);
    for (const name of canariesIn(text)) found.push(`${where}: ${name}`);
    for (const marker of SERVER_ONLY_TEXT) {
      if (text.toLowerCase().includes(marker.toLowerCase())) found.push(`${where}: "${marker}"`);
    }
  }
  expect(found).toEqual([]);
});

test("no page, page data, API answer, error or export shows a secret", async ({
  baseURL,
  playwright,
}) => {
  test.setTimeout(180_000);
  // Raw HTTP as a signed-in browser would send it; what a page renders is in its HTML and data.
  const origin = baseURL ?? "";
  const request = await playwright.request.newContext({ baseURL: origin });
  await signUp(request, origin, newAccount("Keeper"));
  const saved = await trpcMutation(request, origin, "settings.hubToken.set", {
    token: WORKSPACE_HUB_TOKEN_CANARY,
  });
  expect(saved.status(), await saved.text()).toBe(200);
  const batchId = await launchBatch(request, origin, { count: 2 });
  await expect
    .poll(
      async () =>
        (await (await trpcQuery(request, "batch.progress", { batchId })).json()).result.data.json
          .done,
      { timeout: 90_000 },
    )
    .toBe(true);

  const created = await trpcMutation(request, origin, "export.create", {
    format: "messages",
    filters: {},
    options: {},
  });
  expect(created.status(), await created.text()).toBe(200);
  const exportId = (await created.json()).result.data.json.id as string;
  await expect
    .poll(
      async () =>
        (await (await trpcQuery(request, "export.get", { exportId })).json()).result.data.json
          .status,
      { timeout: 60_000 },
    )
    .toBe("completed");

  const seen: string[] = [];
  const look = async (label: string, response: { status(): number; text(): Promise<string> }) => {
    const body = await response.text();
    for (const name of canariesIn(body)) seen.push(`${label}: ${name}`);
    if (response.status() >= 500) seen.push(`${label}: ${response.status()}`);
  };
  const pages = [
    "/",
    `/batches/${batchId}`,
    "/conversations",
    "/review",
    "/generate",
    "/scaffolding/personas",
    "/scaffolding/templates",
    "/exports",
    "/dashboard",
    "/settings/members",
    "/settings/integrations",
    "/no-such-page",
  ];
  for (const pathname of pages) {
    await look(pathname, await request.get(pathname));
    await look(`${pathname} data`, await request.get(`${pathname.replace(/\/$/, "")}/__data.json`));
  }
  const queries: [string, unknown][] = [
    ["settings.hubToken.status", undefined],
    ["settings.hubEndpoint.get", undefined],
    ["workspace.members", undefined],
    ["workspace.mine", undefined],
    ["batch.list", {}],
    ["export.list", {}],
    ["export.get", { exportId }],
    ["batch.settings", { batchId }],
    ["conversation.list", {}],
    ["export.get", { exportId: "not-an-id" }],
    ["no.such.procedure", {}],
  ];
  for (const [procedure, input] of queries) {
    await look(procedure, await trpcQuery(request, procedure, input));
  }
  await look("export download", await request.get(`/exports/${exportId}/download`));
  await look("batch download", await request.get(`/batches/${batchId}/export?format=sharegpt`));
  await look(
    "bad export id",
    await request.get("/exports/------------------------------------/download"),
  );
  await look(
    "wrong sign-in",
    await request.post("/api/auth/sign-in/email", {
      data: { email: "nobody@example.test", password: "wrong-password" },
      headers: { origin },
    }),
  );
  expect(seen).toEqual([]);
  await request.dispose();
});
