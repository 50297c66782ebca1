// Single generation: a template's variables as inputs with a live preview that highlights what
// still needs a value, generate (a worker job against the simulated Claude), regenerate, save,
// and find the saved conversation in /conversations.
import { expect, test, trpcMutation } from "../fixtures.ts";

test("generate one conversation from a template, save it and find it", async ({
  page,
  context,
  baseURL,
}) => {
  const created = await trpcMutation(
    context.request,
    baseURL ?? "",
    "scaffolding.templates.create",
    {
      name: "Generate spec",
      tier: "template",
      body: "Client {{persona}} arrives feeling {{emotion}}. Goal: {{goal}}. Style: {{style}}.",
      variables: [
        { name: "goal", type: "text", label: "Client goal", helpText: "What the client wants" },
        { name: "style", type: "dropdown", options: ["warm", "blunt"], defaultValue: "warm" },
      ],
    },
  );
  expect(created.status(), await created.text()).toBe(200);

  await page.goto("/generate");
  await expect(page.getByRole("heading", { name: "Generate a conversation" })).toBeVisible();
  await page.getByLabel("Template", { exact: true }).selectOption({ label: "Generate spec (v1)" });

  // The preview fills in the built-in values and the defaults, and marks what is missing.
  const preview = page.getByTestId("template-preview");
  await expect(preview).toContainText("Style: warm.");
  await expect(preview.locator("mark")).toHaveText("{{goal}}");
  await expect(page.getByTestId("unresolved")).toContainText("goal");
  const persona =
    (await page.getByLabel("Persona").locator("option:checked").textContent())?.trim() ?? "";
  await expect(preview).toContainText(`<persona>${persona.split(" — ")[0]}</persona>`);

  await page.getByLabel("Client goal").fill("retire at 60 without selling the house");
  await page.getByLabel("style", { exact: true }).selectOption("blunt");
  await expect(preview).toContainText("<goal>retire at 60 without selling the house</goal>");
  await expect(preview).toContainText("Style: blunt.");
  await expect(preview.locator("mark")).toHaveCount(0);
  await page.getByLabel("Tone").fill("plain-spoken");

  // A custom parameter beyond the template's variables; a template variable's name is taken.
  await page.getByRole("button", { name: "Add a parameter" }).click();
  await page.getByLabel("Parameter 1 name").fill("goal");
  await page.getByLabel("Parameter 1 value").fill("UK");
  await expect(page.getByRole("alert")).toHaveText('"goal" is already a field of this form.');
  await expect(page.getByRole("button", { name: "Generate", exact: true })).toBeDisabled();
  await page.getByLabel("Parameter 1 name").fill("region");

  await page.getByRole("button", { name: "Generate", exact: true }).click();
  await expect(page.getByTestId("result-title")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("quality-score")).toContainText("/ 10");
  const turns = page.getByTestId("draft-turn");
  expect(await turns.count()).toBeGreaterThanOrEqual(4);
  await expect(turns.first()).toContainText("Client");
  await expect(turns.first()).toContainText("%");

  // Regenerate replaces the draft; nothing is stored until it is saved.
  await page.getByRole("button", { name: "Regenerate" }).click();
  await expect(page.getByTestId("result-title")).toBeVisible({ timeout: 60_000 });
  const title = (await page.getByTestId("result-title").textContent())?.trim() ?? "";

  await page.getByRole("button", { name: "Save conversation" }).click();
  await expect(page.getByTestId("saved")).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Conversation saved to the workspace.");
  await page.getByRole("link", { name: "Open the conversation" }).click();
  await expect(page).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
  expect(await page.getByTestId("turn").count()).toBeGreaterThanOrEqual(4);
  // The conversation keeps what it was briefed with: the template's values and the custom one.
  const brief = page.getByTestId("brief-parameter");
  await expect(brief.filter({ hasText: "region" })).toHaveText(/region\s*UK/);
  await expect(brief.filter({ hasText: "goal" })).toContainText("retire at 60");

  await page.goto("/conversations");
  const rows = page.locator("tbody tr", { hasText: title });
  await expect(rows).toHaveCount(1);
  // Only the saved draft became a conversation: the first attempt was never stored.
  await expect(page.locator("tbody tr")).toHaveCount(1);
});
