// `parley review …` as an operator runs it (a child process on the real Postgres): draw a
// reproducible sample, record verdicts from the checklist flags, read the result, and get the
// reason when a flag or a verdict is wrong.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createBatchWithItems, createConversation, ensureDefaultWorkspace } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MAIN = join(dirname(fileURLToPath(import.meta.url)), "..", "main.ts");
let database: TestDatabase;
let batchId: string;

function parley(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { ...process.env, DATABASE_URL: database.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  const workspaceId = (await ensureDefaultWorkspace(database.db)).workspace.id;
  const batch = await createBatchWithItems(database.db, {
    workspaceId,
    name: "CLI sampled batch",
    items: [{ tier: "template", parameters: {} }],
  });
  batchId = batch.id;
  for (let index = 0; index < 10; index++) {
    const conversation = await createConversation(database.db, {
      workspaceId,
      tier: index < 6 ? "template" : "scenario",
      title: `CLI conversation ${index}`,
      turns: [
        { role: "user", content: "Where do I start with my debts?" },
        { role: "assistant", content: "With the one that costs you most each month." },
      ],
    });
    await database.db
      .updateTable("conversations")
      .set({ batchId })
      .where("id", "=", conversation.id)
      .execute();
  }
});
afterAll(async () => {
  await database?.destroy();
});

describe("parley review", () => {
  it("draws a sample, records verdicts and reports the pass rate", async () => {
    const drawn = await parley([
      "review",
      "sample",
      batchId,
      "--size",
      "4",
      "--seed",
      "ops-1",
      "--json",
    ]);
    expect(drawn.stderr).not.toMatch(/at .*\.ts:/);
    expect(drawn.code).toBe(0);
    const sample = JSON.parse(drawn.stdout);
    expect(sample).toMatchObject({ seed: "ops-1", size: 4, requestedSize: 4 });
    const again = JSON.parse(
      (await parley(["review", "sample", batchId, "--size", "4", "--seed", "ops-1", "--json"]))
        .stdout,
    );
    expect(again.items.map((item: { conversationId: string }) => item.conversationId)).toEqual(
      sample.items.map((item: { conversationId: string }) => item.conversationId),
    );
    const [first, second] = again.items;

    const approved = await parley([
      "review",
      "verdict",
      batchId,
      first.conversationId,
      "--verdict",
      "approved",
    ]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/APPROVED; the conversation is now approved/);

    const lenient = await parley([
      "review",
      "verdict",
      batchId,
      second.conversationId,
      "--verdict",
      "approved",
      "--fail",
      "brand_voice",
    ]);
    expect(lenient.code).toBe(2);
    expect(lenient.stderr).toMatch(/at least APPROVED WITH NOTES, not APPROVED/);

    const withNotes = await parley([
      "review",
      "verdict",
      batchId,
      second.conversationId,
      "--verdict",
      "approved with notes",
      "--fail",
      "brand_voice.asks_permission",
      "--notes",
      "Explains before asking",
    ]);
    expect(withNotes.code).toBe(0);

    const status = await parley(["review", "sample-status", batchId]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("seed ops-1, size 4 → 4 conversations");
    expect(status.stdout).toContain(
      "Reviewed 2 of 4: 1 APPROVED, 1 APPROVED WITH NOTES, 0 REJECT, 2 unreviewed",
    );
    expect(status.stdout).toContain("Pass rate 100 % (bar: 100 % of the sample): not decided yet");
    expect(status.stdout).toContain("Brand Voice 1 passed / 1 failed");
  });

  it("refuses bad flags with the reason", async () => {
    const both = await parley(["review", "sample", batchId, "--rate", "0.2", "--size", "3"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/Give a rate or a size, not both/);
    const rate = await parley(["review", "sample", batchId, "--rate", "ten"]);
    expect(rate.stderr).toMatch(/--rate takes a number/);
    const item = await parley([
      "review",
      "verdict",
      batchId,
      batchId,
      "--verdict",
      "approved",
      "--fail",
      "tone",
    ]);
    expect(item.stderr).toMatch(/"tone" is no checklist item or category/);
    const id = await parley(["review", "sample-status", "not-a-batch"]);
    expect(id.stderr).toMatch(/"not-a-batch" is not a batch id/);
  });
});
