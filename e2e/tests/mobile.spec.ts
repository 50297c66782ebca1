// On a phone every page fits the screen's width: wide tables scroll inside their cards (and take
// keyboard focus while they do), the section links scroll in their own line, and long titles
// wrap instead of widening the page. Narrow is also what a desktop zoomed to 400 % looks like.
import {
  everyPage,
  expect,
  launchBatch,
  seriousAccessibilityViolations,
  test,
} from "../fixtures.ts";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test("every page fits a 390 px wide phone screen", async ({ page, context, baseURL }) => {
  const batchId = await launchBatch(context.request, baseURL ?? "", { count: 3, seed: 4 });
  for (const path of await everyPage(page, batchId)) {
    await page.goto(path);
    const width = Number(await page.evaluate("document.documentElement.scrollWidth"));
    expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityViolations(page), `${path} at 390 px`).toEqual([]);
  }
});
