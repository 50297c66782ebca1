// The quality dimensions as a reviewer meets them: a judged batch's conversation page shows
// each dimension with the source that scored it (rules, the LLM judge, or both), and the review
// queue's dimension filter narrows the list to the conversations scored under the given value.
import type { Page } from "@playwright/test";
import { expect, launchBatch, test } from "../fixtures.ts";

const queueItems = (page: Page) => page.locator('section[aria-label="Queue"] li');

test("the conversation page shows each dimension and its source; a dimension filter narrows the review queue", async ({
  page,
  baseURL,
}) => {
  const batchId = await launchBatch(page.request, baseURL ?? "", {
    count: 6,
    seed: 42,
    llmJudge: true,
  });
  await page.goto(`/batches/${batchId}`);
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });

  await page.goto(`/review?batch=${batchId}`);
  await expect(queueItems(page)).toHaveCount(6);
  await expect(queueItems(page).first().getByTestId("dimensions-compact")).toContainText(
    "training value",
  );

  // The full page of the first conversation: every dimension, scored and attributed.
  await page.getByRole("link", { name: "Open full page" }).click();
  const panel = page.getByTestId("quality-dimensions");
  await expect(panel.getByRole("heading", { name: "Quality dimensions" })).toBeVisible();
  const row = (name: string) =>
    panel.locator(`[data-testid="dimension-row"][data-dimension="${name}"]`);
  await expect(row("naturalness").getByTestId("dimension-source")).toHaveText("rules + judge");
  await expect(row("uniqueness").getByTestId("dimension-source")).toHaveText("rules");
  // Whether the advice is right is the judge's call alone on a template conversation.
  await expect(row("accuracy").getByTestId("dimension-source")).toHaveText("LLM judge");
  await expect(row("confidence").getByTestId("dimension-source")).toHaveText("rules + judge");
  const overall = Number(await panel.getByTestId("dimensions-overall").textContent());
  expect(overall).toBeGreaterThan(0);
  expect(overall).toBeLessThanOrEqual(10);

  // Naturalness below 9: only the conversations the judge marked down stay in the queue.
  await page.goto(`/review?batch=${batchId}`);
  const filters = page.getByTestId("conversation-filters");
  await filters.getByLabel("Dimension").selectOption("naturalness");
  await filters.getByLabel("below").fill("9");
  await filters.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/dim=naturalness/);
  await expect(page).toHaveURL(/below=9/);
  await expect(async () => {
    const count = await queueItems(page).count();
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(6);
  }).toPass();
  const kept = await queueItems(page).count();
  for (let i = 0; i < kept; i++) {
    const item = queueItems(page).nth(i).getByRole("button");
    const title = (await item.textContent())?.trim() ?? "";
    await item.click();
    await expect(page.getByTestId("current-title")).toHaveText(title);
    const score = page
      .locator('section[aria-label="Current conversation"]')
      .locator('[data-testid="dimension-row"][data-dimension="naturalness"]')
      .getByTestId("dimension-score");
    await expect(score).not.toHaveText("");
    expect(Number(await score.textContent())).toBeLessThan(9);
  }
});
