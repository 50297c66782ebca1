// Source documents for the scenario tier: upload a Markdown file and a small PDF, preview their
// chunks, edit one and drop one, save, and find both in the list with their chunk counts; a file
// of an unknown type is refused with what to upload instead.
import path from "node:path";
import { expect, test } from "../fixtures.ts";

const guide = [
  "# Emergency funds",
  "",
  "Why a buffer matters when income stops.",
  "",
  "## How much",
  "",
  "Three to six months of essential costs.",
  "",
  "## Where",
  "",
  "A separate, instant-access savings account.",
].join("\n");

test("upload, preview, edit, drop and save documents", async ({ page }) => {
  await page.goto("/scaffolding/documents");
  await expect(page.getByRole("heading", { name: "Upload a document" })).toBeVisible();
  const file = page.locator("#document-file");

  // A type Parley does not read is refused, with the types it does.
  await file.setInputFiles({
    name: "notes.docx",
    mimeType: "application/octet-stream",
    buffer: Buffer.from("PK\u0003\u0004"),
  });
  await expect(page.getByTestId("upload-error")).toContainText("not a type Parley reads");

  // Markdown: three chunks following the headings; edit the first, drop the second.
  await file.setInputFiles({
    name: "emergency-funds.md",
    mimeType: "text/markdown",
    buffer: Buffer.from(guide),
  });
  const chunks = page.getByTestId("preview-chunk");
  await expect(chunks).toHaveCount(3);
  await expect(chunks.nth(1)).toContainText("Emergency funds › How much");
  await expect(page.getByTestId("document-title")).toHaveValue("Emergency funds");
  await page.getByLabel("Text of chunk 1").fill("Why a buffer matters (edited in the preview).");
  await page.getByRole("button", { name: "Drop chunk 2" }).click();
  await expect(chunks.nth(1)).toContainText("Dropped");
  await expect(page.getByTestId("preview-summary")).toContainText("3 chunks proposed, 2 kept");
  await page.getByRole("button", { name: "Save document (2 chunks)" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toContainText(
    'Saved "Emergency funds" with 2 chunks.',
  );
  const rows = page.getByTestId("document-row");
  await expect(
    rows.filter({ hasText: "Emergency funds" }).getByTestId("document-chunk-count"),
  ).toHaveText("2");

  // A small PDF: headings come from the larger fonts.
  await file.setInputFiles(path.join(import.meta.dirname, "fixtures/pension-basics.pdf"));
  await expect(chunks).toHaveCount(2);
  await expect(chunks.nth(1)).toContainText("Pension basics › Employer match");
  await expect(page.getByTestId("preview-summary")).toContainText("PDF");
  await page.getByRole("button", { name: "Save document (2 chunks)" }).click();
  await expect(rows).toHaveCount(2);
  await expect(
    rows.filter({ hasText: "Pension basics" }).getByTestId("document-chunk-count"),
  ).toHaveText("2");

  // The saved chunks of the Markdown document: the edit kept, the dropped one absent.
  await page.reload();
  await rows
    .filter({ hasText: "Emergency funds" })
    .getByRole("link", { name: "Emergency funds" })
    .click();
  const saved = page.getByTestId("saved-chunk");
  await expect(saved).toHaveCount(2);
  await expect(saved.first().getByRole("textbox")).toHaveValue(
    "Why a buffer matters (edited in the preview).",
  );
  await expect(page.getByTestId("document-chunks")).not.toContainText("Three to six months");
  await expect(saved.nth(1)).toContainText("Emergency funds › Where");
});
