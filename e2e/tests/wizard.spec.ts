// The wizard's plan and shape: per-tier counts, a split that must add up, a turn count, the LLM
// judge and shared parameters, all carried into the launched batch and shown on its page.
import { expect, test, trpcMutation } from "../fixtures.ts";

test("plan a batch per tier with shared parameters; its page shows what it was launched with", async ({
  page,
  context,
  baseURL,
}) => {
  const created = await trpcMutation(
    context.request,
    baseURL ?? "",
    "scaffolding.templates.create",
    {
      name: "Regional rules",
      tier: "template",
      body: "{{persona}} asks about the rules in {{region}}.",
      variables: [{ name: "region", type: "text", helpText: "Where the client lives" }],
    },
  );
  expect(created.status(), await created.text()).toBe(200);
  await page.goto("/");
  const launch = page.getByRole("button", { name: "Launch batch" });

  // A split that does not add up to 100 % says so and cannot be launched.
  await page.getByLabel("Scenario %").fill("40");
  await expect(page.getByRole("alert")).toHaveText("The tier shares add up to 120 %, not 100 %.");
  await expect(launch).toBeDisabled();
  await page.getByLabel("Template %").fill("50");
  await expect(launch).toBeEnabled();
  await expect(page.getByTestId("tier-count-scenario")).toHaveText("4");

  // A template whose variable no conversation would have a value for cannot be launched.
  const templateTier = page.getByLabel("Prompt template: template tier");
  await templateTier.selectOption({ label: "Regional rules (v1)" });
  await expect(page.getByRole("alert")).toContainText(
    '"Regional rules" cannot be filled in for every conversation',
  );
  await expect(launch).toBeDisabled();
  await templateTier.selectOption({ label: "None: the built-in brief alone" });
  await expect(launch).toBeEnabled();

  // Exact counts per tier instead: edge cases and one scenario only.
  await page.getByLabel("Plan by").selectOption("counts");
  await page.getByLabel("Template conversations").fill("0");
  await page.getByLabel("Scenario conversations").fill("1");
  await page.getByLabel("Edge case conversations").fill("3");
  await expect(page.getByTestId("tier-count-edge_case")).toHaveText("3");
  await expect(page.getByTestId("tier-count-template")).toHaveCount(0);

  // Each tier in the plan may follow one of its prompt templates; an empty tier offers none.
  await expect(page.getByLabel("Prompt template: template tier")).toHaveCount(0);
  await page
    .getByLabel("Prompt template: edge case tier")
    .selectOption({ label: "Edge case with expected behaviour (v1)" });

  await page.getByLabel("Name", { exact: true }).fill("UK edge cases");
  await page.getByLabel("Turns per conversation").fill("6");
  await expect(page.getByTestId("judge-estimate")).toHaveCount(0);
  await page.getByLabel("Also score with an LLM judge").check();
  await expect(page.getByTestId("judge-estimate")).toContainText("4 calls");
  await page.getByRole("button", { name: "Add a parameter" }).click();
  await page.getByLabel("Parameter 1 name").fill("1st");
  await expect(page.getByRole("alert")).toContainText('"1st" is not a parameter name');
  await expect(launch).toBeDisabled();
  await page.getByLabel("Parameter 1 name").fill("region");
  await page.getByLabel("Parameter 1 value").fill("UK");
  await expect(launch).toBeEnabled();
  await launch.click();

  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "UK edge cases" })).toBeVisible();
  const settings = page.getByTestId("batch-settings");
  await expect(settings).toContainText("0 template · 1 scenario · 3 edge case");
  await expect(settings.getByText("LLM judge").locator("xpath=..")).toContainText("on");
  await expect(page.getByTestId("batch-parameters")).toHaveText(/region\s*UK/);
  await expect(page.getByTestId("batch-template-edge_case")).toHaveText(
    "Edge case with expected behaviour v1",
  );
  await expect(page.getByTestId("batch-template-scenario")).toHaveCount(0);
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });
  await expect(page.getByTestId("finished")).toHaveText("4 / 4");

  // Every conversation has the turn count asked for.
  const rows = page.locator("section", { hasText: "Conversations" }).locator("tbody tr");
  await expect(rows).toHaveCount(4);
  await rows.filter({ hasText: "edge case" }).first().getByRole("link").click();
  await expect(page.getByTestId("turn")).toHaveCount(6);
  await expect(page.getByTestId("conversation-template")).toHaveText(
    "Edge case with expected behaviour v1",
  );
});
