// Accounts and workspaces: signing up through the form gives a ready workspace, a wrong password
// is refused with a message, one user never reaches another workspace's batch (page, API or
// download), and an invitation link brings a second user into the workspace.
import type { Browser } from "@playwright/test";
import {
  expect,
  launchBatch,
  newAccount,
  signUp,
  test,
  trpcMutation,
  trpcQuery,
} from "../fixtures.ts";

/** A browser context nobody is signed in to. */
async function signedOutPage(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext(baseURL ? { baseURL } : {});
  return { context, page: await context.newPage() };
}

test("sign-up through the form lands in the new user's own seeded workspace", async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await signedOutPage(browser, baseURL);
  await page.goto("/batches/00000000-0000-4000-8000-000000000000");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=/);
  await page.getByRole("link", { name: "Create one" }).click();

  const account = newAccount("Newcomer");
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Back where the visitor was going (a batch that does not exist), now signed in.
  await expect(page.getByText("This batch does not exist in your workspace.")).toBeVisible();

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Batches", exact: true })).toBeVisible();
  await expect(page.getByTestId("workspace-name")).toHaveText(`${account.name}'s workspace`);
  // The plan preview only works with scaffolding (personas, arcs, topics) in the workspace.
  await expect(page.getByTestId("tier-count-template")).toHaveText(/^[1-9]\d*$/);
  await context.close();
});

test("a wrong password is refused with a message; the right one signs in", async ({
  page,
  account,
}) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(`${account.password}-wrong`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Batches", exact: true })).toBeVisible();
});

test("another workspace's batch is out of reach: page, API and downloads", async ({
  page,
  browser,
  baseURL,
}) => {
  const origin = baseURL ?? "";
  // The first user (this test's page) launches a batch and stores an export.
  const batchId = await launchBatch(page.request, origin, { count: 2 });
  const stored = await trpcMutation(page.request, origin, "export.create", {
    format: "messages",
    filters: { batchId },
    options: {},
  });
  expect(stored.status()).toBe(200);
  const exportId = (await stored.json()).result.data.json.id as string;
  const mine = await trpcQuery(page.request, "workspace.mine", undefined);
  const workspaceA = (await mine.json()).result.data.json[0].id as string;
  expect((await page.request.get(`/batches/${batchId}/export?format=messages`)).status()).toBe(200);

  // A second user, in their own workspace.
  const { context, page: other } = await signedOutPage(browser, baseURL);
  await signUp(context.request, origin, newAccount("Other"));

  const response = await other.goto(`/batches/${batchId}`);
  expect(response?.status()).toBe(404);
  await expect(other.getByText("This batch does not exist in your workspace.")).toBeVisible();

  const errorCode = async (response: Awaited<ReturnType<typeof trpcQuery>>) =>
    (await response.json()).error?.json?.data?.code as string | undefined;
  const progress = await trpcQuery(context.request, "batch.progress", { batchId });
  expect(progress.status()).toBe(404);
  expect(await errorCode(progress)).toBe("NOT_FOUND");
  // Naming the first workspace is not enough: the membership is checked.
  const named = await trpcQuery(
    context.request,
    "batch.progress",
    { batchId },
    { "x-parley-workspace": workspaceA },
  );
  expect(await errorCode(named)).toBe("NOT_FOUND");
  const cancel = await trpcMutation(context.request, origin, "batch.cancel", { batchId });
  expect(await errorCode(cancel)).toBe("NOT_FOUND");

  expect((await context.request.get(`/batches/${batchId}/export?format=messages`)).status()).toBe(
    404,
  );
  expect((await context.request.get(`/exports/${exportId}/download`)).status()).toBe(404);

  // The first user's batch was not touched.
  const still = await trpcQuery(page.request, "batch.progress", { batchId });
  expect((await still.json()).result.data.json.status).not.toBe("cancelled");
  await context.close();
});

test("the API refuses cross-origin mutations and anonymous callers", async ({
  page,
  browser,
  baseURL,
}) => {
  const forged = await trpcMutation(
    page.request,
    baseURL ?? "",
    "batch.create",
    { count: 1 },
    { origin: "http://evil.example" },
  );
  expect(forged.status()).toBe(403);
  const batches = await trpcQuery(page.request, "batch.list", undefined);
  expect((await batches.json()).result.data.json).toEqual([]);

  const { context } = await signedOutPage(browser, baseURL);
  const anonymous = await trpcQuery(context.request, "batch.list", undefined);
  expect(anonymous.status()).toBe(401);
  await context.close();
});

test("an invitation link brings a second user into the workspace in the invited role", async ({
  page,
  browser,
  baseURL,
}) => {
  const invitee = newAccount("Invitee");
  await page.goto("/settings/members");
  await expect(page.getByTestId("my-role")).toHaveText("owner");
  await page.getByLabel("Email").fill(invitee.email);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{20,}$/);

  const { context, page: other } = await signedOutPage(browser, baseURL);
  await signUp(context.request, baseURL ?? "", invitee);
  await other.goto(link);
  await other.getByRole("button", { name: "Accept and join" }).click();
  // Now in two workspaces: the switcher appears, on the one just joined.
  const switcher = other.getByLabel("Workspace");
  await expect(switcher).toBeVisible();
  await other.goto("/settings/members");
  await expect(other.getByTestId("my-role")).toHaveText("viewer");
  await expect(other.getByRole("button", { name: "Create invitation link" })).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole("cell", { name: invitee.email, exact: true })).toBeVisible();
  await context.close();
});

// Last in this file: it leaves this address throttled for a minute.
test("repeated sign-in attempts are throttled", async ({ page, account, baseURL }) => {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 12; attempt++) {
    const response = await page.request.post("/api/auth/sign-in/email", {
      data: { email: account.email, password: "not-the-password" },
      headers: { origin: new URL(baseURL ?? "").origin },
    });
    statuses.push(response.status());
  }
  // At most 10 a minute get an answer (earlier tests' sign-ins count too); then only 429s.
  const firstRefused = statuses.indexOf(429);
  expect(firstRefused).toBeGreaterThan(0);
  expect(firstRefused).toBeLessThanOrEqual(10);
  expect(new Set(statuses.slice(0, firstRefused))).toEqual(new Set([401]));
  expect(new Set(statuses.slice(firstRefused))).toEqual(new Set([429]));

  await page.goto("/");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "Too many attempts. Wait a minute, then try again.",
  );
});
