// The newcomer's path: launch a 10-conversation batch, watch it finish live, read a
// conversation, and download the dataset file.
import { readFileSync } from "node:fs";
import { expect, test } from "../fixtures.ts";

test("launch a batch, watch it finish, read a conversation and download the export", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Batches", exact: true })).toBeVisible();
  await expect(page.getByText("Simulated Claude", { exact: true })).toBeVisible();

  await page.getByLabel("Conversations", { exact: true }).fill("10");
  await page.getByLabel("Automatic concurrency").uncheck();
  await page.getByLabel("At most, at once").fill("3");
  await page.getByRole("button", { name: "Launch batch" }).click();

  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  // Pushed over SSE: no reload happens between here and "completed".
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });
  await expect(page.getByTestId("finished")).toHaveText("10 / 10");
  await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");

  const rows = page.locator("section", { hasText: "Conversations" }).locator("tbody tr");
  await expect(rows).toHaveCount(10);
  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
  const turns = page.getByTestId("turn");
  expect(await turns.count()).toBeGreaterThanOrEqual(4);
  await expect(turns.first()).toContainText(/\w{3,}/);
  await page.getByRole("link", { name: "← Batch" }).click();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download messages JSONL" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.jsonl$/);
  const lines = readFileSync(await download.path(), "utf8")
    .trim()
    .split("\n");
  expect(lines).toHaveLength(10);
  for (const line of lines) {
    const { messages } = JSON.parse(line) as { messages: { role: string; content: string }[] };
    const dialogue = messages[0]?.role === "system" ? messages.slice(1) : messages;
    dialogue.forEach((message, index) => {
      expect(message.role).toBe(index % 2 === 0 ? "user" : "assistant");
      expect(message.content.trim().length).toBeGreaterThan(0);
    });
    expect(dialogue.at(-1)?.role).toBe("assistant");
  }
});
