// The +server.ts routes (downloads) and better-auth's routes, fuzzed with raw HTTP against the
// production build: ids and parameters from fast-check (fixed seed, printed on failure), sent by
// the owner, by a member of another workspace and signed out. Target: never a 5xx; another
// workspace's ids are not found; nothing of the owner's data reaches anyone else.
import { test } from "@playwright/test";
import fc from "fast-check";
import { expect, launchBatch, newAccount, signUp, trpcMutation } from "../fixtures.ts";

const SEED = 20261206;

/** Ids that are not ids, or are someone else's, and parameters no form would send. */
function hostileIds(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      ...known,
      "------------------------------------",
      "00000000-0000-0000-0000-000000000000",
      "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
      "1 OR 1=1",
      "%00",
      "..%2F..%2Fetc%2Fpasswd",
      "x".repeat(5_000),
    ),
    fc.uuid(),
    fc.string({ unit: "binary", maxLength: 60 }).map(encodeURIComponent),
  );
}

const formats = fc.oneof(
  fc.constantFrom("messages", "sharegpt", "csv", "parquet", "", "MESSAGES", "__proto__"),
  fc.string({ unit: "binary", maxLength: 40 }),
);

test("download routes answer every id and format without a 5xx, and only to their workspace", async ({
  baseURL,
  playwright,
}) => {
  test.setTimeout(180_000);
  // Raw HTTP only: no browser is started.
  const origin = baseURL ?? "";
  const owner = await playwright.request.newContext({ baseURL: origin });
  await signUp(owner, origin, newAccount("Owner"));
  const batchId = await launchBatch(owner, origin, { count: 1 });
  const created = await trpcMutation(owner, origin, "export.create", {
    format: "messages",
    filters: {},
    options: {},
  });
  expect(created.status(), await created.text()).toBe(200);
  const exportId = (await created.json()).result.data.json.id as string;

  const outsider = await playwright.request.newContext({ baseURL: origin });
  await signUp(outsider, origin, newAccount("Outsider"));
  const anonymous = await playwright.request.newContext({ baseURL: origin });
  const callers = { owner, outsider, anonymous };

  const cases = fc.sample(fc.tuple(hostileIds([batchId, exportId]), formats), {
    seed: SEED,
    numRuns: 25,
  });
  const problems: string[] = [];
  let sent = 0;
  for (const [id, format] of cases) {
    const urls = [
      `/batches/${id}/export?format=${encodeURIComponent(format)}`,
      `/exports/${id}/download`,
      `/batches/${id}/results?format=${encodeURIComponent(format)}`,
    ];
    for (const url of urls) {
      for (const [who, request] of Object.entries(callers)) {
        const response = await request.get(url, { maxRedirects: 0 });
        sent += 1;
        const status = response.status();
        const where = `${who} GET ${url.slice(0, 120)} → ${status}`;
        if (status >= 500) problems.push(where);
        const ownRow = id === batchId || id === exportId;
        if (who !== "owner" && ownRow && status < 300) problems.push(`${where}: served to ${who}`);
        if (who === "anonymous" && status !== 303 && status !== 401 && status !== 431) {
          problems.push(`${where}: not sent to sign in`);
        }
      }
    }
  }

  // better-auth's routes: bodies no form sends. Sign-in and sign-up are rate limited per address
  // (which the rest of the suite shares), so they get a handful; the others get more.
  const bodies = fc.sample(
    fc.oneof(
      fc.record({
        email: fc.oneof(fc.emailAddress(), fc.string({ unit: "binary" }), fc.constant(42)),
        password: fc.oneof(fc.string({ unit: "binary" }), fc.constant("p".repeat(100_000))),
        name: fc.oneof(fc.string({ unit: "binary" }), fc.constant(null)),
      }),
      fc.anything({ maxDepth: 2 }),
    ),
    { seed: SEED, numRuns: 20 },
  );
  const authPaths = ["/api/auth/sign-in/email", "/api/auth/sign-up/email"];
  const open = [
    "/api/auth/get-session",
    "/api/auth/sign-out",
    "/api/auth/no-such-route",
    "/api/auth/update-user",
  ];
  for (const [index, body] of bodies.entries()) {
    const paths = index < 3 ? [...authPaths, ...open] : open;
    for (const pathname of paths) {
      const response = await anonymous.post(pathname, {
        data: body === undefined ? "" : JSON.stringify(body),
        headers: { origin, "content-type": "application/json" },
        maxRedirects: 0,
      });
      sent += 1;
      if (response.status() >= 500) {
        problems.push(
          `POST ${pathname} ${JSON.stringify(body)?.slice(0, 120)} → ${response.status()}`,
        );
      }
    }
  }
  console.info(`[raw routes] seed ${SEED}: ${sent} requests`);
  expect(problems, `seed ${SEED}`).toEqual([]);
  await owner.dispose();
  await outsider.dispose();
  await anonymous.dispose();
});
