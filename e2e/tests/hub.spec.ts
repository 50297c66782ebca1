// Pushing an export to the HuggingFace Hub from the browser: the token saved once in Settings →
// Integrations (write-only, shown only by its last four characters), the Hub address pointed at a
// local stand-in Hub, then a package export pushed from the exports page and linked from its list.
// The token must never come back to the browser in any response. It is saved for that Hub: pointing
// the workspace at another one says the token must be saved again.
import type { Page } from "@playwright/test";
// The stand-in imports only node built-ins; e2e does not depend on @parley/generation for one file.
import {
  type StandInHub,
  startStandInHub,
} from "../../packages/export/src/hub/testing/stand-in-hub.ts";
import { expect, test } from "../fixtures.ts";

const TOKEN = `hf_${"E2eBrowserToken".repeat(2)}abcd`;
let hub: StandInHub;

test.beforeAll(async () => {
  hub = await startStandInHub({ token: TOKEN });
});

test.afterAll(async () => {
  await hub?.close();
});

/** Every response body the page receives, to check none carries the token. */
function recordResponses(page: Page): string[] {
  const bodies: string[] = [];
  page.on("response", async (response) => {
    const body = await response.text().catch(() => "");
    bodies.push(`${response.url()} ${body}`);
  });
  return bodies;
}

test("save a HuggingFace token, push a package to the Hub from the exports page, follow the link", async ({
  page,
}) => {
  const bodies = recordResponses(page);

  // Without a token the exports page offers the settings instead of a push.
  await page.goto("/exports");
  await page.getByLabel("Package (.zip)").check();
  await expect(page.getByLabel("Push to HuggingFace Hub")).toHaveCount(0);
  await page.getByRole("link", { name: /set a HuggingFace token/ }).click();
  await expect(page).toHaveURL(/\/settings\/integrations$/);
  await expect(page.getByTestId("hub-token-status")).toHaveText("Token: not set");

  // The Hub address (the stand-in), then the token.
  await page.getByLabel("Hub address").fill(hub.url);
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByLabel("Hub address")).toHaveValue(hub.url);
  const tokenInput = page.getByLabel("Write token");
  await expect(tokenInput).toHaveAttribute("type", "password");
  await expect(tokenInput).toHaveValue("");
  await tokenInput.fill(TOKEN);
  await page.getByRole("button", { name: "Save token" }).click();
  await expect(page.getByTestId("hub-token-status")).toContainText(
    /Token: set, ending …abcd, updated /,
  );
  // Never pre-filled, not even right after saving or on a fresh load.
  await expect(page.getByLabel("Replace the token")).toHaveValue("");
  await page.reload();
  await expect(page.getByLabel("Replace the token")).toHaveValue("");
  await expect(page.getByTestId("hub-token-status")).toContainText("ending …abcd");

  // A small batch to export (the simulated provider).
  await page.goto("/");
  await page.getByLabel("Conversations", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Launch batch" }).click();
  await expect(page).toHaveURL(/\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("batch-status")).toHaveText("completed", { timeout: 90_000 });

  // A single file cannot be pushed: the option only appears for a package.
  await page.goto("/exports");
  await expect(page.getByLabel("Push to HuggingFace Hub")).toHaveCount(0);
  for (const status of ["approved", "pending review", "generated", "needs revision"]) {
    await page.getByLabel(status, { exact: true }).check();
  }
  await page.getByLabel("Package (.zip)").check();
  await page.getByLabel("Push to HuggingFace Hub").check();
  await expect(page.getByLabel("Private (when the repository is new)")).toBeChecked();
  await page.getByLabel("Dataset repository").fill("e2e-org/advice-dialogues");
  await page.getByRole("button", { name: "Start export" }).click();

  const active = page.getByRole("region", { name: "This export" });
  await expect(active.getByRole("link", { name: "On the Hub" })).toHaveAttribute(
    "href",
    `${hub.url}/datasets/e2e-org/advice-dialogues`,
    { timeout: 60_000 },
  );
  const row = page.locator("tbody tr", { hasText: "to the Hub as e2e-org/advice-dialogues" });
  await expect(row).toContainText("(private)");
  await expect(row.getByRole("link", { name: "View on the Hub" })).toHaveAttribute(
    "href",
    `${hub.url}/datasets/e2e-org/advice-dialogues`,
  );

  const repo = hub.repos.get("dataset/e2e-org/advice-dialogues");
  expect(repo?.private).toBe(true);
  expect(repo?.commits).toHaveLength(1);
  expect([...(repo?.files.keys() ?? [])]).toEqual(expect.arrayContaining(["README.md"]));

  // Another Hub address: the token was saved for the stand-in, so the page asks for it again.
  await page.goto("/settings/integrations");
  await expect(page.getByTestId("hub-token-status")).toContainText(`for ${hub.url}`);
  await expect(page.getByTestId("hub-token-mismatch")).toHaveCount(0);
  const elsewhere = `${hub.url}/elsewhere`;
  await page.getByLabel("Hub address").fill(elsewhere);
  await page.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByTestId("hub-token-mismatch")).toContainText(
    `saved for ${hub.url}; save it again for ${elsewhere}`,
  );
  await page.getByLabel("Replace the token").fill(TOKEN);
  await page.getByRole("button", { name: "Replace token" }).click();
  await expect(page.getByTestId("hub-token-status")).toContainText(`for ${elsewhere}`);
  await expect(page.getByTestId("hub-token-mismatch")).toHaveCount(0);

  await page.waitForLoadState("networkidle");
  expect(bodies.length).toBeGreaterThan(5);
  expect(bodies.filter((body) => body.includes(TOKEN))).toEqual([]);
});
