// The dashboard after a batch: spend, quality and backlog charts drawn by chart.js, the batch
// in the recent list, and coverage gaps listed.
import { expect, test } from "../fixtures.ts";

test("charts render after a batch", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: "Dashboard", exact: true })).toBeVisible();
  await expect(page.getByText("No provider calls in the last 30 days.")).toBeVisible();

  await page.goto("/");
  await page.getByLabel("Conversations", { exact: true }).fill("4");
  await page.getByRole("button", { name: "Launch batch" }).click();
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Dashboard" })
    .click();
  await expect(page).toHaveURL(/\/dashboard$/);
  for (const chart of ["spend-chart", "quality-chart", "backlog-chart"]) {
    await expect(page.getByTestId(chart)).toHaveAttribute("data-rendered", "true");
    const box = await page.getByTestId(chart).boundingBox();
    expect(box?.height ?? 0).toBeGreaterThan(100);
  }
  await expect(page.getByTestId("total-spend")).not.toHaveText("$0.0000");
  // No one has reviewed them: all four wait in the review queue, whatever their score.
  await expect(page.getByTestId("awaiting-review")).toHaveText("4");
  const recent = page.locator("section", { hasText: "Recent batches" }).locator("tbody tr");
  await expect(recent).toHaveCount(1);
  await expect(recent.first()).toContainText("completed");
  // Nothing is approved yet, so every persona, arc and topic is a gap.
  await expect(
    page.locator("section", { hasText: "Coverage gaps" }).locator("tbody tr").first(),
  ).toContainText("0");
});
