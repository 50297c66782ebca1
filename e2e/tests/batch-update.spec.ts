// An admin changes a running batch's concurrency from its page: launched one item at a time, it
// is switched to automatic mid-run and more than one item is in flight from then on.
import { expect, launchBatch, test } from "../fixtures.ts";

test("raise a running batch's concurrency from its page, and see it take effect", async ({
  page,
  baseURL,
}) => {
  const batchId = await launchBatch(page.request, baseURL as string, {
    count: 60,
    concurrency: 1,
  });
  await page.goto(`/batches/${batchId}`);
  await expect(page.getByTestId("batch-concurrency")).toHaveText("at most 1");
  await expect(page.getByTestId("batch-status")).toHaveText("processing");
  await expect(page.getByTestId("in-flight")).toHaveText("1");

  await page.getByRole("button", { name: "Change concurrency or budget cap" }).click();
  await page.getByLabel("Automatic concurrency").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("batch-concurrency")).toHaveText("automatic");

  // Pushed over SSE: the next claims follow the new setting while the batch is still running.
  await expect(async () => {
    expect(Number(await page.getByTestId("in-flight").textContent())).toBeGreaterThan(1);
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });
  await expect(page.getByTestId("finished")).toHaveText("60 / 60");
});
