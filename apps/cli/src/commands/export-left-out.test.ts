// `parley export` says what it left out and why, with the flag that keeps it, on the command
// line and in a package's dataset card.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConversation, ensureDefaultWorkspace } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runParley } from "../test-support/run-parley.ts";

let database: TestDatabase;
let workDir: string;

const parley = (args: string[]) => runParley(args, { databaseUrl: database.url, cwd: workDir });

beforeAll(async () => {
  database = await createTestDatabase();
  workDir = await mkdtemp(join(tmpdir(), "parley-left-out-"));
  const { workspace } = await ensureDefaultWorkspace(database.db);
  const make = (status: "approved" | "pending_review", duplicateOf: string | null = null) =>
    createConversation(database.db, {
      workspaceId: workspace.id,
      tier: "template",
      status,
      qualityScore: 8,
      simulated: true,
      duplicateOf,
      turns: [
        { role: "user", content: "A question" },
        { role: "assistant", content: "An answer" },
      ],
    });
  const original = await make("approved");
  for (let i = 0; i < 3; i++) await make("approved");
  await make("approved", original.id);
  await make("approved", original.id);
  await make("pending_review");
});

afterAll(async () => {
  await database?.destroy();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("parley export: what was left out", () => {
  it("counts the near-duplicates and the status filter, and names the flags that keep them", async () => {
    const run = await parley(["export", "--status", "approved", "--out", "approved.jsonl"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      "matched 4 conversations, wrote 4; left out 2 near-duplicates (--include-duplicates keeps them), 1 with another status (--status selects statuses)",
    );

    const all = await parley(["export", "--include-duplicates", "--out", "all.jsonl"]);
    expect(all.stderr).toContain("matched 7 conversations, wrote 7; nothing was left out");
  });

  it("says it in the dataset card", async () => {
    const run = await parley(["export", "--package", "folder", "--out", "package"]);
    expect(run.code, run.stderr).toBe(0);
    const card = await readFile(join(workDir, "package", "README.md"), "utf8");
    expect(card).toContain(
      "The export's filters matched 5 conversations; left out 2 near-duplicates (left out by default; `--include-duplicates` or the export form's “Include near-duplicates” keeps them).",
    );
  });
});
