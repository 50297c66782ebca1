// The reviewer's path: work through the review queue from the keyboard (approve one, edit a
// turn, see the edit marked and kept in history), settle a ticked selection and a whole filter
// at once, and regenerate
// a conversation into a new, linked version. Each test seeds its own small batch through the UI
// (the simulated provider) and filters by it, so tests do not see each other's conversations.
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

const queueItems = (page: Page) => page.locator('section[aria-label="Queue"] li');

test("review from the keyboard: approve one, edit a turn, see the edit marked and in history", async ({
  page,
}) => {
  const batchId = await launchBatch(page, 3);
  await page.goto(`/review?batch=${batchId}`);
  await expect(page.getByRole("heading", { name: "Review queue", exact: true })).toBeVisible();
  await expect(page.getByTestId("queue-count")).toContainText("3 awaiting review");
  await expect(page.getByTestId("shortcuts")).toContainText("approve");
  await expect(queueItems(page)).toHaveCount(3);

  const firstTitle = (await page.getByTestId("current-title").textContent())?.trim() ?? "";
  expect(firstTitle.length).toBeGreaterThan(0);
  await page.keyboard.press("a");
  // Approved, and the queue moved on to the next conversation.
  await expect(queueItems(page).first().getByTestId("queue-status")).toHaveText("approved");
  await expect(page.getByTestId("current-title")).not.toHaveText(firstTitle);
  const secondTitle = (await page.getByTestId("current-title").textContent())?.trim() ?? "";
  // k goes back to the one just approved, j forward again.
  await page.keyboard.press("k");
  await expect(page.getByTestId("current-title")).toHaveText(firstTitle);
  await expect(page.getByTestId("conversation-status")).toHaveText("approved");
  await page.keyboard.press("j");
  await expect(page.getByTestId("current-title")).toHaveText(secondTitle);

  // `e` opens the first turn's editor; typing there (an "a" included) does not approve anything.
  await page.keyboard.press("e");
  const editor = page.getByLabel("Text", { exact: true });
  await expect(editor).toBeFocused();
  await editor.fill("I have a question about my savings.");
  await page.keyboard.type(" And a second one.");
  await page.getByRole("button", { name: "Save turn" }).click();

  const pane = page.locator('section[aria-label="Current conversation"]');
  await expect(pane.getByTestId("human-edited")).toBeVisible();
  await expect(pane.getByTestId("turn").first()).toContainText(
    "I have a question about my savings. And a second one.",
  );
  await expect(pane.getByTestId("edit-history")).toContainText("Turn 1");
  await expect(pane.getByTestId("edit-history").locator("ins")).toHaveText(
    "I have a question about my savings. And a second one.",
  );
  await expect(pane.getByTestId("current-title")).toHaveText(secondTitle);
  await expect(pane.getByTestId("conversation-status")).not.toHaveText("approved");

  // The full page shows the same: the mark, the edit, and the approval in the first one's history.
  await pane.getByRole("link", { name: "Open full page" }).click();
  await expect(page.getByTestId("human-edited")).toBeVisible();
  await expect(page.getByTestId("edit-history")).toContainText("And a second one.");
  await page.goto(`/conversations?batch=${batchId}&status=approved`);
  const approvedRows = page.locator("tbody tr");
  await expect(approvedRows).toHaveCount(1);
  await expect(approvedRows.first()).toContainText(firstTitle);
  await approvedRows.first().getByRole("link").first().click();
  await expect(page.getByTestId("conversation-status")).toHaveText("approved");
  await expect(page.getByTestId("review-history")).toContainText("Approved");
});

test("bulk review of a whole filter, and the filter lives in the URL", async ({ page }) => {
  const batchId = await launchBatch(page, 4);

  // The conversations table: choose the batch in the filters; the URL carries it, Back undoes it.
  await page.goto("/conversations");
  await page.getByRole("combobox", { name: "Batch", exact: true }).selectOption(batchId);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`batch=${batchId}`));
  await expect(page.locator("tbody tr")).toHaveCount(4);
  await page.getByRole("link", { name: "Quality", exact: true }).click();
  await expect(page).toHaveURL(/sort=quality/);
  await page.goBack();
  await expect(page).not.toHaveURL(/sort=quality/);
  await expect(page).toHaveURL(new RegExp(`batch=${batchId}`));

  // One decision by hand first: it leaves the queue, so the bulk action below does not touch it.
  await page.goto(`/review?batch=${batchId}`);
  await expect(queueItems(page)).toHaveCount(4);
  await expect(page.getByTestId("current-title")).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(queueItems(page).first().getByTestId("queue-status")).toHaveText("approved");

  await page.reload();
  await expect(page.getByTestId("queue-count")).toContainText("3 awaiting review");
  await page.getByRole("combobox", { name: "Bulk action" }).selectOption("reject");
  await page
    .getByRole("textbox", { name: "Notes", exact: true })
    .fill("Off-topic for this dataset");
  await page.getByRole("button", { name: "Apply to all 3 matching the filter…" }).click();
  await page.getByRole("button", { name: "Confirm: reject all 3" }).click();
  await expect(page.getByTestId("bulk-result")).toHaveText("3 conversations rejected.");
  await expect(page.getByTestId("queue-empty")).toBeVisible();

  await page.goto(`/conversations?batch=${batchId}&status=rejected`);
  await expect(page.locator("tbody tr")).toHaveCount(3);
  await page.locator("tbody tr").first().getByRole("link").first().click();
  await expect(page.getByTestId("review-history")).toContainText("Off-topic for this dataset");
  await page.goto(`/conversations?batch=${batchId}&status=approved`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
});

test("bulk approve of a ticked selection changes exactly those conversations", async ({ page }) => {
  const batchId = await launchBatch(page, 4);
  await page.goto(`/review?batch=${batchId}`);
  await expect(queueItems(page)).toHaveCount(4);
  const titles = (await queueItems(page).locator(".entry button").allTextContents()).map((t) =>
    t.trim(),
  );
  const statusesBefore = await queueItems(page).getByTestId("queue-status").allTextContents();

  // Tick the second and fourth; the button counts them, and unticking one takes it back out.
  const apply = page.getByRole("button", { name: /^Apply to \d+ selected$/ });
  await expect(apply).toBeDisabled();
  await queueItems(page).nth(1).getByRole("checkbox").check();
  await queueItems(page).nth(2).getByRole("checkbox").check();
  await queueItems(page).nth(3).getByRole("checkbox").check();
  await queueItems(page).nth(2).getByRole("checkbox").uncheck();
  await expect(apply).toHaveText("Apply to 2 selected");
  const chosen = [titles[1], titles[3]].sort();
  const others = [titles[0], titles[2]].sort();

  await page.getByRole("combobox", { name: "Bulk action" }).selectOption("approve");
  await page.getByRole("textbox", { name: "Notes", exact: true }).fill("Good examples");
  await apply.click();
  await expect(page.getByTestId("bulk-result")).toHaveText("2 conversations approved.");

  // The queue now holds exactly the two left alone, with their statuses unchanged, none ticked.
  await expect(page.getByTestId("queue-count")).toContainText("2 awaiting review");
  await expect(queueItems(page)).toHaveCount(2);
  const left = (await queueItems(page).locator(".entry button").allTextContents()).map((t) =>
    t.trim(),
  );
  expect(left.sort()).toEqual(others);
  await expect(queueItems(page).getByTestId("queue-status")).toHaveText([
    statusesBefore[0] ?? "",
    statusesBefore[2] ?? "",
  ]);
  await expect(queueItems(page).getByRole("checkbox", { checked: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Apply to 0 selected" })).toBeDisabled();

  // The conversations table agrees: the two ticked are approved (with the note), the rest not.
  await page.goto(`/conversations?batch=${batchId}&status=approved`);
  const approved = page.locator("tbody tr");
  await expect(approved).toHaveCount(2);
  const approvedTitles = await Promise.all(
    (await approved.all()).map(async (row) =>
      (await row.getByRole("link").first().textContent())?.trim(),
    ),
  );
  expect(approvedTitles.sort()).toEqual(chosen);
  await approved.first().getByRole("link").first().click();
  await expect(page.getByTestId("conversation-status")).toHaveText("approved");
  await expect(page.getByTestId("review-history")).toContainText("Good examples");
  await page.goto(`/conversations?batch=${batchId}&status=rejected`);
  await expect(page.locator("tbody tr")).toHaveCount(0);
});

test("regenerate with edited parameters: a new version linked to the archived old one", async ({
  page,
}) => {
  const batchId = await launchBatch(page, 1);
  await page.goto(`/conversations?batch=${batchId}`);
  await page.locator("tbody tr").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
  const oldUrl = page.url();
  await expect(page.getByTestId("conversation-version")).toHaveText("v1");

  await page.getByRole("button", { name: "Regenerate…" }).click();
  await page.getByLabel("Turns", { exact: true }).fill("6");
  await page.getByLabel("Note for the new version").fill("Use fewer technical terms.");
  await page.getByRole("button", { name: "Generate new version" }).click();

  // The page follows the new version as soon as the worker has stored it.
  await expect(page).not.toHaveURL(oldUrl, { timeout: 60_000 });
  await expect(page).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("conversation-version")).toHaveText("v2");
  await expect(page.getByTestId("turn")).toHaveCount(6);
  await expect(page.getByTestId("versions")).toContainText("v1");
  await expect(page.getByText("Regenerated from")).toBeVisible();

  await page.getByTestId("versions").getByRole("link", { name: "v1" }).click();
  await expect(page).toHaveURL(oldUrl);
  await expect(page.getByTestId("conversation-status")).toHaveText("archived");
  await expect(page.getByTestId("replaced-banner")).toBeVisible();
  await expect(page.getByRole("button", { name: "Regenerate…" })).toHaveCount(0);

  // Archived versions leave the live list; the new one is there.
  await page.goto("/conversations?q=&status=archived");
  await expect(page.locator(`a[href="${new URL(oldUrl).pathname}"]`)).toHaveCount(1);
});
