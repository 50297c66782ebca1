// Every page passes axe's WCAG 2.1 A and AA rules with no serious or critical violation: labels,
// names, contrast, landmarks and ARIA use that a screen reader or keyboard user depends on.
import {
  everyPage,
  expect,
  launchBatch,
  seriousAccessibilityViolations,
  test,
} from "../fixtures.ts";

test("no page has a serious or critical accessibility violation", async ({
  page,
  context,
  baseURL,
}) => {
  const batchId = await launchBatch(context.request, baseURL ?? "", { count: 2, seed: 8 });
  const report: string[] = [];
  for (const path of await everyPage(page, batchId)) {
    await page.goto(path);
    for (const violation of await seriousAccessibilityViolations(page)) {
      report.push(`${path}: ${violation}`);
    }
  }
  expect(report, report.join("\n")).toEqual([]);
});
