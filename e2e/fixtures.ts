// The `test` and `expect` every spec imports. Each test gets a page that is already signed in as
// a fresh user (with their own seeded workspace): the account is created through better-auth's
// sign-up endpoint with the browser context's request, which shares the pages' cookies, so
// no spec clicks through a form to get started.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, test as base, expect, type Page } from "@playwright/test";

export interface Account {
  name: string;
  email: string;
  password: string;
}

export function newAccount(label = "Tester"): Account {
  const id = randomBytes(5).toString("hex");
  return {
    name: `${label} ${id}`,
    email: `${label.toLowerCase()}-${id}@example.test`,
    password: `pw-${randomBytes(9).toString("base64url")}`,
  };
}

/** Signs up through better-auth's endpoint; the session cookie lands in `request`'s cookie jar. */
export async function signUp(request: APIRequestContext, baseURL: string, account: Account) {
  const response = await request.post("/api/auth/sign-up/email", {
    data: account,
    headers: { origin: new URL(baseURL).origin },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** A tRPC query over HTTP as the browser would send it (superjson input). */
export async function trpcQuery(
  request: APIRequestContext,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
) {
  const query = encodeURIComponent(JSON.stringify({ json: input }));
  return request.get(`/api/trpc/${path}?input=${query}`, { headers });
}

/** A tRPC mutation over HTTP, from this app's origin unless `headers` says otherwise. */
export async function trpcMutation(
  request: APIRequestContext,
  baseURL: string,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
) {
  return request.post(`/api/trpc/${path}`, {
    data: { json: input },
    headers: { origin: new URL(baseURL).origin, ...headers },
  });
}

/** Creates a batch through the API as `request`'s user and returns its id. */
export async function launchBatch(
  request: APIRequestContext,
  baseURL: string,
  input: Record<string, unknown>,
): Promise<string> {
  const created = await trpcMutation(request, baseURL, "batch.create", input);
  expect(created.status(), await created.text()).toBe(200);
  return (await created.json()).result.data.json.id as string;
}

/**
 * Every page of the app once it has something to show: waits for the batch to complete, opens
 * one of its conversations, and returns the paths of all the pages, that one included.
 */
export async function everyPage(page: Page, batchId: string): Promise<string[]> {
  await page.goto(`/batches/${batchId}`);
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });
  await page.locator("section", { hasText: "Conversations" }).locator("tbody a").first().click();
  await expect(page).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
  return [
    "/",
    `/batches/${batchId}`,
    `/batches/${batchId}/sample`,
    "/conversations",
    "/conversations/archived",
    new URL(page.url()).pathname,
    "/review",
    "/generate",
    "/scaffolding/personas",
    "/scaffolding/templates",
    "/scaffolding/documents",
    "/prompts",
    "/exports",
    "/dashboard",
    "/settings/members",
    "/settings/integrations",
    "/settings/models",
  ];
}

/** axe's serious and critical WCAG 2.1 A/AA violations on the page as it is now, one line each. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  // The preview, charts and live data settle before the audit.
  await page.waitForLoadState("networkidle");
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => {
      const targets = violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(" "))
        .join(" | ");
      return `${violation.id} (${violation.impact}) ${violation.help} — ${targets}`;
    });
}

export const test = base.extend<{ account: Account }>({
  // The signed-in user of this test. The context's request shares its cookie jar with its pages.
  account: async ({ context, baseURL }, use) => {
    const account = newAccount();
    await signUp(context.request, baseURL ?? "", account);
    await use(account);
  },
  // Every test's page is signed in, whether or not the test asks for the account, and waits for
  // hydration after each load (see waitsForHydration).
  page: async ({ page, account: _signedIn }, use) => {
    await use(waitsForHydration(page));
  },
});

/**
 * Makes `page.goto` and `page.reload` return once the app has hydrated (the root layout marks
 * <html data-hydrated>): a select changed before that keeps its new value in the DOM but never
 * reaches the page's state. For pages a test opens in contexts of its own.
 */
export function waitsForHydration(page: Page): Page {
  const hydrated = () => page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    const response = await goto(url, options);
    await hydrated();
    return response;
  };
  const reload = page.reload.bind(page);
  page.reload = async (options) => {
    const response = await reload(options);
    await hydrated();
    return response;
  };
  return page;
}

export { expect };
