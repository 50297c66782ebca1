// The server runs with canary values for its secrets (playwright.config.ts) and a workspace saves
// a canary Hub token: none of them may appear in the built client bundle, any page or its data,
// any API answer or error, a downloaded export or package (zip and tar.gz, every entry
// decompressed), or any line the server logged. A second server runs with a canary
// ANTHROPIC_API_KEY whose calls go to a simulator. Run against the production build.
import { type ChildProcess, spawn } from "node:child_process";
import { openSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, test } from "@playwright/test";
import { tarGzEntries, zipEntries } from "../archive-entries.ts";
import {
  ANTHROPIC_API_KEY_CANARY,
  canariesIn,
  SERVER_CANARIES,
  WORKSPACE_HUB_TOKEN_CANARY,
} from "../canaries.ts";
import { expect, launchBatch, newAccount, signUp, trpcMutation, trpcQuery } from "../fixtures.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

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

/** Signs up, saves the canary Hub token and runs a two-item batch to the end; its id. */
async function workspaceWithSecretAndBatch(
  request: APIRequestContext,
  origin: string,
  label: string,
): Promise<string> {
  await signUp(request, origin, newAccount(label));
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
      { timeout: 120_000 },
    )
    .toBe(true);
  return batchId;
}

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
  const batchId = await workspaceWithSecretAndBatch(request, origin, "Keeper");

  const exportId = await completedExport(request, origin, {});

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

/** Starts a repository script with its output in `logFile`; resolves once `readyUrl` answers. */
async function startLogged(
  args: string[],
  env: Record<string, string>,
  logFile: string,
  readyUrl: string,
): Promise<ChildProcess> {
  const out = openSync(logFile, "a");
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", out, out],
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited: see ${logFile}`);
    const ready = await fetch(readyUrl).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill("SIGTERM");
  throw new Error(`${args.join(" ")} did not answer ${readyUrl} within 3 minutes`);
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** Requests a messages export with these options and waits for it to complete; its id. */
async function completedExport(
  request: APIRequestContext,
  origin: string,
  options: Record<string, unknown>,
): Promise<string> {
  const created = await trpcMutation(request, origin, "export.create", {
    format: "messages",
    filters: {},
    options,
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
  return exportId;
}

/** Requests a package export, waits for it and downloads it. */
async function downloadPackage(
  request: APIRequestContext,
  origin: string,
  kind: "zip" | "tar.gz",
): Promise<Buffer> {
  const exportId = await completedExport(request, origin, { package: kind });
  const download = await request.get(`/exports/${exportId}/download`);
  expect(download.status()).toBe(200);
  return download.body();
}

test("with an Anthropic API key set, no page, answer, package entry or log line shows it", async ({
  baseURL,
  playwright,
}) => {
  test.setTimeout(300_000);
  // Its own ports and cluster beside the suite's server; the key only ever reaches a simulator.
  const port = Number(new URL(baseURL ?? "http://localhost:3199").port) + 2;
  const simulatorUrl = `http://127.0.0.1:${port + 1}`;
  const origin = `http://localhost:${port}`;
  const dataDir = `${process.env.E2E_DATA_DIR}-keyed`;
  const logFile = `${dataDir}-server.log`;
  let simulator: ChildProcess | undefined;
  let server: ChildProcess | undefined;
  const seen: string[] = [];
  try {
    simulator = await startLogged(
      ["apps/cli/src/main.ts", "simulator", "--port", String(port + 1)],
      { PARLEY_SIM_LATENCY_MS: "150" },
      logFile,
      `${simulatorUrl}/_simulator/stats`,
    );
    server = await startLogged(
      ["scripts/start.ts"],
      {
        PORT: String(port),
        PARLEY_SKIP_BUILD: "1",
        PARLEY_DATA_DIR: dataDir,
        PARLEY_SIGNUPS_PER_MINUTE: "1000",
        DATABASE_URL: "",
        ANTHROPIC_API_KEY: ANTHROPIC_API_KEY_CANARY,
        ANTHROPIC_BASE_URL: simulatorUrl,
        ...SERVER_CANARIES,
      },
      logFile,
      `${origin}/healthz`,
    );
    const request = await playwright.request.newContext({ baseURL: origin });
    const batchId = await workspaceWithSecretAndBatch(request, origin, "Keyed");
    // The conversations came from the simulator, through the keyed (not simulated) provider.
    const stats = (await (await fetch(`${simulatorUrl}/_simulator/stats`)).json()) as {
      succeeded: number;
    };
    expect(stats.succeeded).toBeGreaterThanOrEqual(2);

    const look = async (label: string, body: string) => {
      for (const name of canariesIn(body)) seen.push(`${label}: ${name}`);
    };
    for (const pathname of [
      "/",
      `/batches/${batchId}`,
      "/conversations",
      "/settings/integrations",
    ]) {
      const page = await request.get(pathname);
      await look(pathname, await page.text());
      if (page.status() >= 500) seen.push(`${pathname}: ${page.status()}`);
    }
    for (const [procedure, input] of [
      ["batch.progress", { batchId }],
      ["batch.settings", { batchId }],
      ["conversation.list", {}],
      ["settings.hubToken.status", undefined],
    ] as const) {
      await look(procedure, await (await trpcQuery(request, procedure, input)).text());
    }
    for (const [kind, entries] of [
      ["zip", zipEntries(await downloadPackage(request, origin, "zip"))],
      ["tar.gz", tarGzEntries(await downloadPackage(request, origin, "tar.gz"))],
    ] as const) {
      expect(entries.size, `${kind} entries`).toBeGreaterThan(1);
      for (const [name, content] of entries)
        await look(`${kind} ${name}`, content.toString("utf8"));
    }
    await request.dispose();
  } finally {
    await stop(server);
    await stop(simulator);
  }
  // Everything the keyed server, its worker and the simulator wrote, shutdown included.
  const logged = readFileSync(logFile, "utf8");
  expect(logged).toContain("Parley is running");
  for (const name of canariesIn(logged)) seen.push(`${path.basename(logFile)}: ${name}`);
  expect(seen).toEqual([]);
});

test("the suite's web server logged no secret", () => {
  // Every line it wrote since this run started (playwright.config.ts copies them to the file).
  const logFile = process.env.E2E_SERVER_LOG ?? "";
  const logged = readFileSync(logFile, "utf8");
  expect(logged).toContain("Parley is running");
  expect(canariesIn(logged)).toEqual([]);
});
