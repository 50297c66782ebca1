// Every page passes axe's WCAG 2.1 A and AA rules with no serious or critical violation: labels,
// names, contrast, landmarks and ARIA use that a screen reader or keyboard user depends on.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, trpcMutation } from "../fixtures.ts";

test("no page has a serious or critical accessibility violation", async ({
  page,
  context,
  baseURL,
}) => {
  const created = await trpcMutation(context.request, baseURL ?? "", "batch.create", {
    count: 2,
    seed: 8,
  });
  expect(created.status(), await created.text()).toBe(200);
  const batchId = (await created.json()).result.data.json.id as string;
  await page.goto(`/batches/${batchId}`);
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });
  await page.locator("section", { hasText: "Conversations" }).locator("tbody a").first().click();
  await expect(page).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
  const conversationPath = new URL(page.url()).pathname;

  const report: string[] = [];
  for (const path of [
    "/",
    `/batches/${batchId}`,
    "/conversations",
    conversationPath,
    "/review",
    "/generate",
    "/scaffolding/personas",
    "/scaffolding/templates",
    "/exports",
    "/dashboard",
    "/settings/members",
    "/settings/integrations",
  ]) {
    await page.goto(path);
    // The preview, charts and live data settle before the audit.
    await page.waitForLoadState("networkidle");
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    for (const violation of results.violations) {
      if (violation.impact !== "serious" && violation.impact !== "critical") continue;
      const targets = violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(" "))
        .join(" | ");
      report.push(`${path}: ${violation.id} (${violation.impact}) ${violation.help} — ${targets}`);
    }
  }
  expect(report, report.join("\n")).toEqual([]);
});
