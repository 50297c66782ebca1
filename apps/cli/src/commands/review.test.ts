// `parley review …` as an operator runs it (a child process on the real Postgres): draw a
// reproducible sample, record verdicts from the checklist flags, read the result, and get the
// reason when a flag or a verdict is wrong.
import { createBatchWithItems, createConversation, ensureDefaultWorkspace } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runParley } from "../test-support/run-parley.ts";

let database: TestDatabase;
let batchId: string;

const parley = (args: string[]) => runParley(args, { databaseUrl: database.url });

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

// Each test spawns only a few processes: the machine running the suite may be busy.
describe("parley review", () => {
  let items: { conversationId: string }[] = [];

  it("draws a sample and draws the same one again from its seed", async () => {
    const [drawn, again] = await Promise.all(
      ["ops-1", "ops-1"].map((seed) =>
        parley(["review", "sample", batchId, "--size", "4", "--seed", seed, "--json"]),
      ),
    );
    expect(drawn?.stderr).not.toMatch(/at .*\.ts:/);
    expect(drawn?.code).toBe(0);
    const first = JSON.parse(drawn?.stdout ?? "");
    const second = JSON.parse(again?.stdout ?? "");
    expect(first).toMatchObject({ seed: "ops-1", size: 4, requestedSize: 4 });
    expect(second.items.map((item: { conversationId: string }) => item.conversationId)).toEqual(
      first.items.map((item: { conversationId: string }) => item.conversationId),
    );
    // The newest of the two is the one reviewed.
    items = (first.createdAt > second.createdAt ? first : second).items;
  });

  it("records verdicts from the checklist flags and reports the pass rate", async () => {
    const [first, second] = items;
    if (!first || !second) throw new Error("the previous test draws the sample");
    const [approved, lenient] = await Promise.all([
      parley(["review", "verdict", batchId, first.conversationId, "--verdict", "approved"]),
      parley([
        "review",
        "verdict",
        batchId,
        second.conversationId,
        "--verdict",
        "approved",
        "--fail",
        "brand_voice",
      ]),
    ]);
    expect(approved?.code).toBe(0);
    expect(approved?.stdout).toMatch(/APPROVED; the conversation is now approved/);
    expect(lenient?.code).toBe(2);
    expect(lenient?.stderr).toMatch(/at least APPROVED WITH NOTES, not APPROVED/);

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
    const [both, rate, item, id] = await Promise.all([
      parley(["review", "sample", batchId, "--rate", "0.2", "--size", "3"]),
      parley(["review", "sample", batchId, "--rate", "ten"]),
      parley(["review", "verdict", batchId, batchId, "--verdict", "approved", "--fail", "tone"]),
      parley(["review", "sample-status", "not-a-batch"]),
    ]);
    expect(both?.code).toBe(2);
    expect(both?.stderr).toMatch(/Give a rate or a size, not both/);
    expect(rate?.stderr).toMatch(/--rate takes a number/);
    expect(item?.stderr).toMatch(/"tone" is no checklist item or category/);
    expect(id?.stderr).toMatch(/"not-a-batch" is not a batch id/);
  });
});
