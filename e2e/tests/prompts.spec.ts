// A batch of your own prompts, as a user walks it: paste prompts, see a bad line named, fix it,
// estimate, launch, watch the answers arrive in the results table, filter it, and download the
// results as CSV.
import { readFileSync } from "node:fs";
import { parseCsv } from "@parley/export";
import { expect, seriousAccessibilityViolations, test, trpcMutation } from "../fixtures.ts";

test("paste prompts, launch them, read the answers and download the CSV", async ({ page }) => {
  await page.goto("/prompts");
  await expect(page.getByRole("heading", { name: "Your prompts" })).toBeVisible();

  // A JSONL line that is not JSON is named before anything can launch.
  await page.getByRole("radio", { name: "JSONL" }).check();
  await page.getByLabel("Prompts", { exact: true }).fill('{"prompt": "fine"}\nnot json');
  await page.getByRole("button", { name: "Estimate" }).click();
  await expect(page.getByTestId("prompt-problems")).toContainText("Line 2: not valid JSON");
  await expect(page.getByRole("button", { name: /^Launch/ })).toBeDisabled();

  await page.getByRole("radio", { name: "One per line" }).check();
  await page
    .getByLabel("Prompts", { exact: true })
    .fill("# three questions\nWhat is a linked list?\nName a prime number\nWhy is the sky blue?");
  await page.getByLabel(/^System prompt/).fill("Answer briefly.");
  await page.getByLabel("max_tokens per answer").fill("300");
  await page.getByRole("button", { name: "Estimate" }).click();
  const estimate = page.getByTestId("prompts-estimate");
  await expect(estimate.getByRole("heading", { name: "3 prompts" })).toBeVisible();
  await expect(page.getByTestId("prompts-cost")).toContainText("$");
  await page.getByRole("button", { name: "Launch 3 prompts" }).click();

  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });
  const results = page.getByTestId("prompt-results");
  const rows = results.getByTestId("prompt-result");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("What is a linked list?");
  await expect(rows.first()).toContainText('Simulated answer to "What is a linked list?"');
  await expect(results).toContainText("System prompt: Answer briefly.");
  await expect(results.getByTestId("results-range")).toHaveText("1–3 of 3");
  // A prompts batch has no conversations to download as a dataset.
  await expect(page.getByRole("link", { name: "Download messages JSONL" })).toHaveCount(0);

  await results.getByRole("button", { name: "Failed" }).click();
  await expect(results).toContainText("No failed prompts.");
  await results.getByRole("button", { name: "Succeeded" }).click();
  await expect(rows).toHaveCount(3);

  const downloadPromise = page.waitForEvent("download");
  await results.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const [header, ...records] = parseCsv(readFileSync(await download.path(), "utf8"));
  expect(header?.slice(0, 10)).toEqual([
    "index",
    "id",
    "prompt",
    "response",
    "success",
    "status",
    "tokens_in",
    "tokens_out",
    "duration_ms",
    "cost_usd",
  ]);
  expect(records.map((record) => record[2])).toEqual([
    "What is a linked list?",
    "Name a prime number",
    "Why is the sky blue?",
  ]);
  for (const record of records) {
    expect(record[4]).toBe("true");
    expect(Number(record[6])).toBeGreaterThan(0);
    expect(Number(record[7])).toBeGreaterThan(0);
  }
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the prompts form and a prompts batch's page fit 390 px and pass axe", async ({
    page,
    context,
    baseURL,
  }) => {
    const created = await trpcMutation(context.request, baseURL ?? "", "prompts.create", {
      source: { format: "text", content: "A long question about something, to fill the table?" },
    });
    expect(created.status(), await created.text()).toBe(200);
    const batchId = (await created.json()).result.data.json.id as string;
    await page.goto(`/batches/${batchId}`);
    await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });
    await expect(page.getByTestId("prompt-result")).toHaveCount(1);
    for (const path of ["/prompts", `/batches/${batchId}`]) {
      await page.goto(path);
      const width = Number(await page.evaluate("document.documentElement.scrollWidth"));
      expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
      expect(await seriousAccessibilityViolations(page), `${path} at 390 px`).toEqual([]);
    }
  });
});
