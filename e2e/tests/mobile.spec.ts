// On a phone every page fits the screen's width: wide tables scroll inside their cards (and take
// keyboard focus while they do), the section links scroll in their own line, and long titles
// wrap instead of widening the page. Narrow is also what a desktop zoomed to 400 % looks like.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, trpcMutation } from "../fixtures.ts";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test("every page fits a 390 px wide phone screen", async ({ page, context, baseURL }) => {
  const created = await trpcMutation(context.request, baseURL ?? "", "batch.create", {
    count: 3,
    seed: 4,
  });
  expect(created.status(), await created.text()).toBe(200);
  const batchId = (await created.json()).result.data.json.id as string;
  await page.goto(`/batches/${batchId}`);
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });
  await page.locator("section", { hasText: "Conversations" }).locator("tbody a").first().click();
  await expect(page).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
  const conversationPath = new URL(page.url()).pathname;

  for (const path of [
    "/",
    `/batches/${batchId}`,
    "/conversations",
    conversationPath,
    "/review",
    "/generate",
    "/scaffolding",
    "/scaffolding/templates",
    "/exports",
    "/dashboard",
    "/settings/members",
    "/settings/integrations",
  ]) {
    await page.goto(path);
    const width = Number(await page.evaluate("document.documentElement.scrollWidth"));
    expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
    await page.waitForLoadState("networkidle");
    const { violations } = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    const serious = violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map(
        (violation) =>
          `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`,
      );
    expect(serious, `${path} at 390 px`).toEqual([]);
  }
});
