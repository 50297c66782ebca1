// A viewer invited into a workspace reads everything but is offered no control the API would
// refuse: launching and batch controls, exports, generation, scaffolding and template edits.
import { expect, launchBatch, newAccount, signUp, test, waitsForHydration } from "../fixtures.ts";

test("a viewer sees the workspace read-only, with the reason where a control would be", async ({
  page,
  context,
  browser,
  baseURL,
}) => {
  const batchId = await launchBatch(context.request, baseURL ?? "", { count: 2, seed: 6 });

  const viewer = newAccount("Viewer");
  await page.goto("/settings/members");
  await page.getByLabel("Email").fill(viewer.email);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = await page.getByLabel("Invitation link").inputValue();

  const viewerContext = await browser.newContext(baseURL ? { baseURL } : {});
  const other = waitsForHydration(await viewerContext.newPage());
  await signUp(viewerContext.request, baseURL ?? "", viewer);
  await other.goto(link);
  await other.getByRole("button", { name: "Accept and join" }).click();
  await expect(other.getByLabel("Workspace")).toBeVisible();

  await other.goto("/");
  await expect(other.getByTestId("launch-needs-admin")).toBeVisible();
  await expect(other.getByRole("button", { name: "Launch batch" })).toBeDisabled();
  // Estimating is still open to a viewer.
  await expect(other.getByTestId("estimate-cost")).toBeVisible();

  await other.goto(`/batches/${batchId}`);
  await expect(other.getByTestId("batch-status")).toHaveText("completed", { timeout: 60_000 });
  await expect(other.getByRole("button", { name: /Pause|Cancel|Resume|Retry/ })).toHaveCount(0);

  await other.goto("/exports");
  await expect(other.getByTestId("export-needs-admin")).toBeVisible();
  await expect(other.getByRole("button", { name: "Start export" })).toBeDisabled();

  await other.goto("/generate");
  await expect(other.getByTestId("generate-needs-reviewer")).toBeVisible();
  await expect(other.getByRole("button", { name: "Generate", exact: true })).toBeDisabled();

  await other.goto("/scaffolding/personas");
  await expect(other.getByTestId("scaffolding-read-only")).toBeVisible();
  await expect(other.getByRole("button", { name: /^(Edit|Retire) / })).toHaveCount(0);
  await expect(other.getByRole("row").nth(1)).toBeVisible();

  await other.goto("/scaffolding/templates");
  await expect(other.getByRole("button", { name: "New template" })).toHaveCount(0);
  await expect(other.getByRole("button", { name: /^Retire / })).toHaveCount(0);
  await expect(other.getByTestId("templates-read-only")).toBeVisible();
  await viewerContext.close();
});
