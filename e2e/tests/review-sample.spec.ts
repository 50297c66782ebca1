// The manual review protocol in the browser: draw a seeded 10 % sample of a finished batch,
// review two sampled conversations with the spec's checklist (one from the keyboard, one
// rejected with unticked items and notes), and see the pass rate on the batch page.
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures.ts";

async function launchBatch(page: Page, conversations: number): Promise<string> {
  await page.goto("/");
  await page.getByLabel("Conversations", { exact: true }).fill(String(conversations));
  await page.getByRole("button", { name: "Launch batch" }).click();
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });
  const batchId = new URL(page.url()).pathname.split("/").at(-1);
  if (!batchId) throw new Error("no batch id in the URL");
  return batchId;
}

test("draw a sample, review two conversations with the checklist, see the pass rate", async ({
  page,
}) => {
  const batchId = await launchBatch(page, 10);
  const card = page.getByTestId("review-sample-card");
  await expect(card).toContainText("No sample drawn yet");
  await card.getByRole("link", { name: "Draw a review sample" }).click();
  await expect(page).toHaveURL(`/batches/${batchId}/sample`);
  await expect(page.getByTestId("no-sample")).toBeVisible();

  const form = page.getByRole("form", { name: "Draw a review sample" });
  await expect(form.getByLabel("Percent of the batch")).toHaveValue("10");
  await form.getByLabel("Seed").fill("e2e-seed");
  await form.getByRole("button", { name: "Draw the sample" }).click();
  await expect(page.getByTestId("sample-seed")).toHaveText("e2e-seed");
  const progress = page.getByTestId("sample-progress");
  await expect(progress).toContainText(/^0 of \d+ reviewed$/);
  const size = Number((await progress.textContent())?.match(/of (\d+)/)?.[1]);
  expect(size).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId("sample-position")).toHaveText(`1 of ${size}`);
  await expect(
    page.getByRole("group", { name: "Conversation turns" }).getByTestId("turn").first(),
  ).toBeVisible();

  // First conversation: every item passes, so the checklist says APPROVED; saved with `s`.
  const checklist = page.getByTestId("sample-checklist");
  await expect(checklist.getByRole("checkbox")).toHaveCount(20);
  await expect(page.getByTestId("suggested-verdict")).toContainText("5 of 5 categories passed");
  await expect(page.getByTestId("suggested-verdict")).toContainText("APPROVED");
  const firstTitle = (await page.getByTestId("sample-current-title").textContent()) ?? "";
  await page.keyboard.press("s");
  await expect(progress).toHaveText(`1 of ${size} reviewed`);
  // The walk moved on to the next conversation.
  await expect(page.getByTestId("sample-position")).toHaveText(`2 of ${size}`);
  await expect(page.getByTestId("sample-current-title")).not.toHaveText(firstTitle);

  // Second: two categories fail, so it is REJECT, which needs notes.
  await checklist.getByLabel("Specific numbers over abstractions").uncheck();
  await checklist.getByLabel("Asks permission before educating").uncheck();
  await expect(page.getByTestId("suggested-verdict")).toContainText("3 of 5 categories passed");
  await expect(checklist.getByRole("radio", { name: /REJECT/ })).toBeChecked();
  await expect(page.getByTestId("verdict-problem")).toHaveText(
    "REJECT needs notes saying what is wrong",
  );
  await expect(checklist.getByRole("button", { name: /Save verdict/ })).toBeDisabled();
  // A more lenient verdict than the checklist's is refused before anything is sent.
  await checklist.getByRole("radio", { name: /^APPROVED WITH NOTES/ }).check();
  await expect(page.getByTestId("verdict-problem")).toContainText("at least REJECT");
  await page.keyboard.press("3");
  await checklist.getByLabel(/^Notes/).fill("Vague numbers and lectures without asking");
  await checklist.getByRole("button", { name: /Save verdict/ }).click();
  await expect(progress).toHaveText(`2 of ${size} reviewed`);
  await expect(page.getByTestId("sample-page-pass-rate")).toHaveText("50 %");
  const verdicts = page
    .getByRole("navigation", { name: "Sampled conversations" })
    .getByTestId("item-verdict");
  await expect(verdicts).toHaveText(["APPROVED", "REJECT"]);

  // The batch page's card shows the result.
  await page.getByRole("link", { name: /← / }).click();
  await expect(page).toHaveURL(`/batches/${batchId}`);
  await expect(card.getByTestId("sample-pass-rate")).toHaveText("50 %");
  await expect(card.getByTestId("sample-reviewed")).toHaveText(`2 of ${size}`);
  await expect(card.getByTestId("sample-approved")).toHaveText("1");
  await expect(card.getByTestId("sample-rejected")).toHaveText("1");
  await expect(card.getByTestId("sample-seed")).toHaveText("e2e-seed");
  await expect(card.getByTestId("sample-outcome")).toContainText("Below the bar");

  // The rejected conversation is rejected in the batch's list too.
  await expect(
    page
      .locator("section", { hasText: "Conversations" })
      .locator("tbody .badge", { hasText: "Rejected" }),
  ).toHaveCount(1);
});
