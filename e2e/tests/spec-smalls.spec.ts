// The spec's smaller items, walked in Chromium: a notification when a batch finishes while the
// user is elsewhere; tokens per second and success rate on the batch page; readable ids in the
// list, on the page and in the address; archive and restore; saved batch presets in the wizard.
import { expect, launchBatch, test, trpcMutation } from "../fixtures.ts";

test("a finished batch is announced elsewhere in the app; its page shows tokens/s and success rate", async ({
  page,
  baseURL,
}) => {
  await page.goto("/conversations");
  const batchId = await launchBatch(page.request, baseURL as string, {
    count: 3,
    name: "Announced batch",
  });
  const notice = page.getByTestId("toasts");
  await expect(notice).toContainText("Batch “Announced batch” completed: 3 of 3 succeeded", {
    timeout: 90_000,
  });
  await notice.getByRole("link", { name: "Open the batch" }).click();
  await expect(page).toHaveURL(new RegExp(`/batches/${batchId}$`));
  await expect(page.getByTestId("batch-status")).toHaveText("completed");
  await expect(page.getByTestId("success-rate")).toHaveText("100.0 %");
  await expect(page.getByTestId("tokens-per-second")).toHaveText(/^\d+(\.\d)?$/);
  expect(Number(await page.getByTestId("tokens-per-second").textContent())).toBeGreaterThan(0);
});

test("readable ids, archive and restore", async ({ page, baseURL }) => {
  const batchId = await launchBatch(page.request, baseURL as string, { count: 2, name: "Ids" });
  await page.goto(`/batches/${batchId}`);
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });

  await page.goto("/conversations");
  const firstRow = page.locator("tbody tr").first();
  const readableId = (await firstRow.getByTestId("readable-id").textContent())?.trim() ?? "";
  expect(readableId).toMatch(/^fp_[a-z0-9_]+_\d{3}$/);
  const title = (await firstRow.locator("a").first().textContent())?.trim() ?? "";

  // The search box finds it by its readable id, and the address takes it as well as the UUID.
  await page.getByRole("searchbox").first().fill(readableId);
  await page.keyboard.press("Enter");
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await page.goto(`/conversations/${readableId}`);
  await expect(page).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("readable-id")).toHaveText(readableId);

  await page.getByRole("button", { name: "Archive", exact: true }).click();
  await expect(page.getByTestId("archived-banner")).toContainText(/Archived by .* on /);
  await expect(page.getByTestId("conversation-status")).toHaveText("archived");

  await page.goto("/conversations");
  await expect(page.getByTestId("conversation-count")).toHaveText(/^1 in this workspace/);
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);

  await page.getByRole("link", { name: "Archived" }).click();
  await expect(page).toHaveURL(/\/conversations\/archived$/);
  await expect(page.getByTestId("archived-count")).toContainText("1 archived");
  const row = page.locator("tbody tr", { hasText: readableId });
  await row.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByTestId("empty")).toBeVisible();
  await page.goto("/conversations");
  await expect(page.getByTestId("conversation-count")).toHaveText(/^2 in this workspace/);
});

test("save the wizard's settings as a preset and load them back; a stale preset says why", async ({
  page,
  baseURL,
}) => {
  await page.goto("/");
  await page.getByLabel("Plan by").selectOption("counts");
  await page.getByLabel("Template conversations").fill("4");
  await page.locator('select[name="mode"]').selectOption("message_batches");
  await page.getByLabel("Also score with an LLM judge").check();
  await page.getByLabel("Review below quality").fill("8.5");
  await page.getByLabel("Save these settings as").fill("Weekly judged");
  await page.getByRole("button", { name: "Save preset" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved “Weekly judged”" })).toBeVisible();

  await page.reload();
  await expect(page.locator('select[name="mode"]')).toHaveValue("realtime");
  await page.getByLabel("Saved preset").selectOption({ label: "Weekly judged" });
  await page.getByRole("button", { name: "Load", exact: true }).click();
  await expect(page.getByLabel("Plan by")).toHaveValue("counts");
  await expect(page.getByLabel("Template conversations")).toHaveValue("4");
  await expect(page.locator('select[name="mode"]')).toHaveValue("message_batches");
  await expect(page.getByLabel("Also score with an LLM judge")).toBeChecked();
  await expect(page.getByLabel("Review below quality")).toHaveValue("8.5");

  const stale = await trpcMutation(page.request, baseURL as string, "presets.save", {
    name: "Old model",
    settings: { count: 3, model: "claude-retired-2024" },
  });
  expect(stale.status(), await stale.text()).toBe(200);
  await page.reload();
  await page.getByLabel("Saved preset").selectOption({ label: "Old model" });
  await page.getByRole("button", { name: "Load", exact: true }).click();
  await expect(page.getByTestId("preset-problem")).toContainText(
    'The preset "Old model" would not launch as saved',
  );
  await expect(page.getByTestId("preset-problem")).toContainText("claude-retired-2024");
});
