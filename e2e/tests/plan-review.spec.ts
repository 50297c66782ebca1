// The wizard's "Review plan" step as a user walks it: open the plan row by row, change a row,
// remove one, download the plan file, upload it back with a mistake (marked, then fixed), and
// launch exactly that plan: the batch has those rows as its items, in order.
import { readFile } from "node:fs/promises";
import { expect, seriousAccessibilityViolations, test, trpcQuery } from "../fixtures.ts";

test("review, edit, download, upload and launch exactly a plan", async ({ page, context }) => {
  await page.goto("/");
  await page.getByLabel("Plan by").selectOption("counts");
  await page.getByLabel("Template conversations").fill("3");
  await page.getByLabel("Scenario conversations").fill("1");
  await page.getByLabel("Edge case conversations").fill("2");
  await expect(page.getByTestId("tier-count-edge_case")).toHaveText("2");

  await page.getByRole("button", { name: "Review plan" }).click();
  const rows = page.getByTestId("plan-row");
  await expect(rows).toHaveCount(6);
  // The form's own launch gives way to the plan's while it is reviewed.
  await expect(page.getByRole("button", { name: "Launch batch" })).toHaveCount(0);
  await expect(page.getByLabel("Row 5 edge case")).not.toHaveValue("");
  await expect(page.getByLabel("Row 4 source chunk")).not.toHaveValue("");
  await expect(page.getByTestId("tier-count-scenario")).toHaveText("1");
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  // Change row 1's persona to another one.
  const persona = page.getByLabel("Row 1 persona");
  const current = await persona.inputValue();
  const options = await persona.locator("option").evaluateAll((list) =>
    list.map((option) => ({
      value: (option as unknown as { value: string }).value,
      label: option.textContent,
    })),
  );
  const other = options.find((option) => option.value !== current);
  if (!other) throw new Error("the seed has more than one persona");
  await persona.selectOption(other.value);

  // Remove row 2, and make the (new) row 2 an edge case: it gets an edge case to follow.
  await page.getByRole("button", { name: "Remove row 2" }).click();
  await expect(rows).toHaveCount(5);
  await page.getByLabel("Row 2 tier").selectOption("edge_case");
  await expect(page.getByLabel("Row 2 edge case")).not.toHaveValue("");

  // The estimate and coverage follow the edited plan.
  await expect(page.getByTestId("tier-count-template")).toHaveText("1");
  await expect(page.getByTestId("tier-count-edge_case")).toHaveText("3");

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download plan (JSON)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("plan.json");
  const file = JSON.parse(await readFile((await download.path()) ?? "", "utf8")) as {
    version: number;
    rows: { tier: string; personaId: string; persona: string; edgeCaseId: string | null }[];
  };
  expect(file.version).toBe(1);
  expect(file.rows.map((row) => row.tier)).toEqual([
    "template",
    "edge_case",
    "scenario",
    "edge_case",
    "edge_case",
  ]);
  expect(file.rows[0]).toMatchObject({ personaId: other.value, persona: other.label });

  // Upload it back with a mistake on row 1: the row is marked with the reason until it is fixed.
  const broken = {
    ...file,
    rows: file.rows.map((row, index) =>
      index === 0 ? { ...row, edgeCaseId: file.rows[1]?.edgeCaseId } : row,
    ),
  };
  await page.getByLabel("Upload a plan (JSON)").setInputFiles({
    name: "plan.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  await expect(page.getByTestId("plan-problems")).toContainText(
    "1 row cannot be launched yet (row 1)",
  );
  await expect(page.getByTestId("plan-row-problems")).toContainText(
    "Row 1, edgeCaseId: only edge_case rows take an edge case, and this is a template row",
  );
  const launch = page.getByRole("button", { name: "Launch this plan (5 conversations)" });
  await expect(launch).toBeDisabled();
  await page.getByLabel("Row 1 tier").selectOption("scenario");
  await page.getByLabel("Row 1 tier").selectOption("template");
  await expect(page.getByTestId("plan-problems")).toHaveCount(0);
  await expect(page.getByTestId("tier-count-template")).toHaveText("1");

  await page.getByLabel("Name", { exact: true }).fill("Reviewed plan");
  await expect(launch).toBeEnabled();
  await launch.click();
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Reviewed plan" })).toBeVisible();
  await expect(page.getByTestId("batch-settings")).toContainText(
    "1 template · 1 scenario · 3 edge case",
  );

  const batchId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
  const items = await trpcQuery(context.request, "batch.items", { batchId, limit: 100 });
  expect(items.status()).toBe(200);
  const stored = (await items.json()).result.data.json as { position: number; tier: string }[];
  expect(stored.map((item) => item.tier)).toEqual(file.rows.map((row) => row.tier));
});

test("a plan of 1 200 rows is reviewed 50 rows a page and priced whole", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Conversations", { exact: true }).fill("1200");
  await expect(page.getByTestId("tier-count-template")).toHaveText("840");
  await page.getByRole("button", { name: "Review plan" }).click();
  await expect(page.getByTestId("plan-row")).toHaveCount(50);
  await expect(page.getByTestId("plan-page")).toHaveText("Rows 1–50 of 1200");
  await page.getByRole("button", { name: "Next rows" }).click();
  await expect(page.getByTestId("plan-page")).toHaveText("Rows 51–100 of 1200");
  await page.getByRole("button", { name: "Remove row 51" }).click();
  await expect(page.getByTestId("plan-page")).toHaveText("Rows 51–100 of 1199");
  // The whole edited plan was checked and priced, not only the page in view.
  await expect(page.getByTestId("tier-count-template")).toHaveText("839");
  await expect(
    page.getByRole("button", { name: "Launch this plan (1199 conversations)" }),
  ).toBeEnabled();
});
