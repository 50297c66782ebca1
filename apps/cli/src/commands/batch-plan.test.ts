// `parley batch plan` → edit the file → `parley batch create --plan`, as an operator runs it: a
// child process against a real Postgres. A file with bad rows lists each of them, exits non-zero
// and creates nothing; the corrected file becomes a batch with exactly its rows.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDefaultWorkspace, listPersonas } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runParley } from "../test-support/run-parley.ts";

let database: TestDatabase;
let workspaceId: string;
let folder: string;

const parley = (args: string[]) => runParley(args, { databaseUrl: database.url, published: true });

async function batchCount() {
  const row = await database.db
    .selectFrom("batch_jobs")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

interface Row {
  tier: string;
  personaId: string;
  persona: string | null;
  arcId: string;
  topicId: string;
  edgeCaseId: string | null;
  sourceChunkId: string | null;
}

beforeAll(async () => {
  database = await createTestDatabase();
  workspaceId = (await ensureDefaultWorkspace(database.db)).workspace.id;
  folder = await mkdtemp(join(tmpdir(), "parley-plan-"));
});

afterAll(async () => {
  await database?.destroy();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe("parley batch plan / batch create --plan", () => {
  // Three `parley` processes in a row: on a loaded 2-core machine each can take 15 s.
  it("lists every bad row of an edited file and creates nothing, then launches the corrected file row for row", async () => {
    const path = join(folder, "plan.json");
    const planned = await parley([
      "batch",
      "plan",
      "--tiers",
      "template=3,scenario=1,edge_case=2",
      "--seed",
      "9",
      "--turns",
      "6",
      "--out",
      path,
    ]);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(/Wrote 6 rows \(template 3, scenario 1, edge_case 2\)/);
    const file = JSON.parse(await readFile(path, "utf8")) as {
      version: number;
      rows: Row[];
      settings: Record<string, unknown>;
    };
    expect(file.version).toBe(1);
    expect(file.settings.turnCount).toBe(6);
    expect(file.rows.every((row) => row.persona)).toBe(true);

    // Edit as a person would: another persona on row 1 (its name too), drop row 2.
    const personas = await listPersonas(database.db, { workspaceId });
    const other = personas.find((persona) => persona.id !== file.rows[0]?.personaId);
    if (!other) throw new Error("the seed has more than one persona");
    const rows = file.rows
      .map((row, index) =>
        index === 0 ? { ...row, personaId: other.id, persona: other.name } : row,
      )
      .filter((_, index) => index !== 1);

    // First a careless edit: an unknown persona on row 1 and an edge case on a template row.
    const edgeCase = rows.find((row) => row.edgeCaseId)?.edgeCaseId;
    const careless = rows.map((row, index) =>
      index === 0
        ? { ...row, personaId: "00000000-0000-4000-8000-000000000000", persona: null }
        : index === 1
          ? { ...row, edgeCaseId: edgeCase }
          : row,
    );
    expect(careless[1]?.tier).toBe("template");
    await writeFile(path, JSON.stringify({ ...file, rows: careless }, null, 2));
    const refused = await parley(["batch", "create", "--plan", path]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("2 rows of the plan cannot be launched");
    expect(refused.stderr).toMatch(
      /\n {2}row 1, personaId: no persona of this workspace has this id/,
    );
    expect(refused.stderr).toMatch(
      /\n {2}row 2, edgeCaseId: only edge_case rows take an edge case, and this is a template row/,
    );
    expect(refused.stdout).toBe("");
    expect(await batchCount()).toBe(0);

    await writeFile(path, JSON.stringify({ ...file, rows }, null, 2));
    const created = await parley(["batch", "create", "--plan", path, "--name", "Edited", "--json"]);
    expect(created.code, created.stderr).toBe(0);
    const batch = JSON.parse(created.stdout) as { id: string; name: string; totalItems: number };
    expect(batch).toMatchObject({ name: "Edited", totalItems: 5 });
    const items = await database.db
      .selectFrom("batch_items")
      .select(["tier", "personaId", "arcId", "topicId", "edgeCaseId", "sourceChunkId"])
      .where("batchId", "=", batch.id)
      .orderBy("position")
      .execute();
    expect(items).toEqual(
      rows.map(({ tier, personaId, arcId, topicId, edgeCaseId, sourceChunkId }) => ({
        tier,
        personaId,
        arcId,
        topicId,
        edgeCaseId,
        sourceChunkId,
      })),
    );
    // The file's settings came along: its turn count, with the flag's name over the file's.
    const stored = await database.db
      .selectFrom("batch_jobs")
      .select("config")
      .where("id", "=", batch.id)
      .executeTakeFirstOrThrow();
    expect(stored.config).toMatchObject({ turnCount: 6, plannedFrom: "file" });
  }, 120_000);
});
