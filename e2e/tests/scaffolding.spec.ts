// Scaffolding management: a validation message next to its field, editing a persona, creating
// an edge case linked to it, retiring and restoring it, and a template saved in two versions.
import { expect, test } from "../fixtures.ts";

test("edit a persona, create an edge case and version a template", async ({ page }) => {
  await page.goto("/scaffolding");
  await expect(page).toHaveURL(/\/scaffolding\/personas$/);
  await expect(page.getByRole("heading", { name: "Scaffolding", exact: true })).toBeVisible();

  // Edit the first seeded persona.
  const personas = page.getByRole("table").locator("tbody tr");
  await expect(personas.first()).toBeVisible();
  const original = (await personas.first().getByRole("rowheader").textContent())?.trim() ?? "";
  await personas
    .first()
    .getByRole("button", { name: /^Edit / })
    .click();
  const name = page.getByLabel("Name");
  await expect(name).toBeFocused();
  await expect(name).toHaveValue(original);

  // An empty name is refused, with the message next to the field.
  await name.fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#personas-name-error")).toHaveText("Give the persona a name");
  await expect(name).toHaveAttribute("aria-invalid", "true");

  const renamed = `${original} (edited)`;
  await name.fill(renamed);
  await page.getByLabel("Archetype").fill("The Night Owl Saver");
  await page.getByLabel("Traits").fill("curious\nskeptical");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText(`Persona “${renamed}” saved.`);
  const row = personas.filter({ hasText: renamed });
  await expect(row).toContainText("The Night Owl Saver");
  await expect(row).toContainText("curious, skeptical");
  await page.reload();
  await expect(personas.filter({ hasText: renamed })).toContainText("The Night Owl Saver");

  // A new edge case that points at the edited persona.
  await page
    .getByRole("navigation", { name: "Scaffolding kinds" })
    .getByRole("link", { name: "Edge cases" })
    .click();
  await expect(page).toHaveURL(/\/scaffolding\/edge-cases$/);
  await page.getByLabel("Name").fill("Asks for a hot stock tip");
  await page.getByRole("button", { name: "Create edge case" }).click();
  await expect(page.locator("#edge-cases-expectedBehavior-error")).toContainText(
    "Say what the consultant must do",
  );
  await page
    .getByLabel("Expected behaviour")
    .fill("Declines to name specific stocks and explains why");
  await page.getByLabel("Persona").selectOption({ label: renamed });
  await page.getByRole("button", { name: "Create edge case" }).click();
  await expect(page.getByRole("status")).toContainText(
    "Edge case “Asks for a hot stock tip” saved.",
  );
  const edgeCase = page.locator("tbody tr", { hasText: "Asks for a hot stock tip" });
  await expect(edgeCase).toContainText("Declines to name specific stocks");
  await expect(edgeCase).toContainText(renamed);

  // Retire it: it leaves the list, and comes back with "Show retired" and Restore.
  await edgeCase.getByRole("button", { name: "Retire Asks for a hot stock tip" }).click();
  await expect(edgeCase).toHaveCount(0);
  await page.getByLabel("Show retired").check();
  await expect(edgeCase).toContainText("retired");
  await edgeCase.getByRole("button", { name: "Restore Asks for a hot stock tip" }).click();
  await expect(page.getByRole("status")).toContainText("restored");
  await page.getByLabel("Show retired").uncheck();
  await expect(edgeCase).toHaveCount(1);

  // A template with a dropdown variable, then its second version.
  await page.getByRole("link", { name: "Prompt templates" }).click();
  await expect(page).toHaveURL(/\/scaffolding\/templates$/);
  await expect(page.getByRole("heading", { name: "New template" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Tone check");
  await page.getByLabel("Body").fill("Talk with {{persona}} about {{topic}} in a {{style}} way.");
  await page.getByRole("button", { name: "Add variable" }).click();
  const variable = page.getByRole("group", { name: "Variable 1" });
  await variable.getByLabel("Name").fill("style");
  await variable.getByLabel("Type").selectOption("dropdown");
  await variable.getByLabel("Options (comma-separated)").fill("warm, blunt");
  await variable.getByLabel("Default").fill("warm");
  await page.getByRole("button", { name: "Create template" }).click();
  await expect(page.getByRole("status")).toContainText("Template “Tone check” saved as version 1.");
  await page.getByLabel("Body").fill("Talk with {{persona}} about {{topic}}, {{style}} and brief.");
  await page.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByRole("status")).toContainText("saved as version 2");
  const versions = page.locator("section", { hasText: "Versions of" }).locator("tbody tr");
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toContainText("active");
});
