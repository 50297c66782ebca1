// The exports page offers only what a browser can download: a single file or a zip or tar.gz
// package (a folder package is the command line's). A split export asked for as a single file
// comes back as a .zip, and its Download link serves that archive.
import { expect, test } from "../fixtures.ts";

test("every output the exports page offers ends in a download", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Conversations", { exact: true }).fill("3");
  await page.getByRole("button", { name: "Launch batch" }).click();
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });

  await page.goto("/exports");
  const output = page.getByRole("group", { name: "Output" });
  await expect(output.getByRole("radio")).toHaveCount(3);
  await expect(output).toContainText("Single file");
  await expect(output).toContainText("Package (.zip)");
  await expect(output).toContainText("Package (.tar.gz)");
  await expect(output).not.toContainText(/folder/i);

  // Everything the batch produced, split three ways, asked for as a single file.
  const status = page.getByRole("group", { name: "Status" });
  for (const box of await status.getByRole("checkbox").all()) await box.check();
  await page.getByLabel("Train / validation / test, stratified by tier").check();
  await expect(
    page.getByText("A split has several files, so it is packaged as a .zip."),
  ).toBeVisible();
  await page.getByRole("button", { name: "Start export" }).click();

  const active = page.locator('section[aria-labelledby="active-export-title"]');
  await expect(active.locator(".badge")).toHaveText("completed", { timeout: 60_000 });
  await expect(page.locator("tbody tr").first()).toContainText("zip package");
  await page.screenshot({ path: "test-results/exports-page.png", fullPage: true });

  const downloading = page.waitForEvent("download");
  await page.locator("tbody tr").first().getByRole("link", { name: "Download" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const path = await download.path();
  const { readFile } = await import("node:fs/promises");
  const bytes = await readFile(path);
  // A zip archive starts with its local file header signature.
  expect(bytes.subarray(0, 4).toString("hex")).toBe("504b0304");
});

test("a messages file laid out for a chat template without a system role and an OpenAI upload", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByLabel("Conversations", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Launch batch" }).click();
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });

  await page.goto("/exports");
  const status = page.getByRole("group", { name: "Status" });
  for (const box of await status.getByRole("checkbox").all()) await box.check();
  const layout = page.getByTestId("chat-layout");
  // Formats without chat turns have no layout to choose.
  await page.getByLabel("Format").selectOption("csv");
  await expect(layout).toHaveCount(0);
  await page.getByLabel("Format").selectOption("messages");
  await expect(layout.getByLabel("System prompt")).toHaveValue("include");
  await layout.getByLabel("System prompt").selectOption("fold");
  await layout.getByLabel("Assistant weights").selectOption("last");
  await layout.getByLabel("Metadata on each line").uncheck();
  await page.getByRole("button", { name: "Start export" }).click();

  const active = page.locator('section[aria-labelledby="active-export-title"]');
  await expect(active.locator(".badge")).toHaveText("completed", { timeout: 60_000 });
  const downloading = page.waitForEvent("download");
  await page.locator("tbody tr").first().getByRole("link", { name: "Download" }).click();
  const { readFile } = await import("node:fs/promises");
  const lines = (await readFile(await (await downloading).path(), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { messages: { role: string; weight?: number }[] });
  expect(lines).toHaveLength(2);
  for (const line of lines) {
    expect(Object.keys(line)).toEqual(["messages"]);
    expect(line.messages[0]?.role).toBe("user");
    expect(line.messages.some((message) => message.role === "system")).toBe(false);
    const weights = line.messages
      .filter((message) => message.role === "assistant")
      .map((message) => message.weight);
    expect(weights.at(-1)).toBe(1);
    expect(weights.slice(0, -1).every((weight) => weight === 0)).toBe(true);
  }
});
