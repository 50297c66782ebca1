// `parley documents` as an operator runs it (a child process on the real Postgres): a file is
// added with the given chunk budget, listed with its chunk count, its chunks printed with their
// heading paths; a bad file is refused with the reason, exit code 2 and nothing stored.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureDefaultWorkspace, listSourceDocuments } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runParley } from "../test-support/run-parley.ts";

let database: TestDatabase;
let workspaceId: string;
let folder: string;

const parley = (args: string[]) => runParley(args, { databaseUrl: database.url });

beforeAll(async () => {
  database = await createTestDatabase();
  workspaceId = (await ensureDefaultWorkspace(database.db)).workspace.id;
  folder = await mkdtemp(join(tmpdir(), "parley-documents-"));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await database?.destroy();
});

describe("parley documents", () => {
  it("adds a file with the given budget, lists it and prints its chunks", async () => {
    const file = join(folder, "tax-guide.md");
    const body = Array.from({ length: 12 }, (_, i) => `Keep receipt ${i} for the tax year.`).join(
      " ",
    );
    await writeFile(
      file,
      `# Tax guide\n\n## Receipts\n\n${body}\n\n## Deadlines\n\nFile by January.\n`,
    );

    const added = await parley([
      "documents",
      "add",
      file,
      "--max-tokens",
      "60",
      "--overlap",
      "10",
      "--json",
    ]);
    expect(added.code, added.stderr).toBe(0);
    const summary = JSON.parse(added.stdout);
    expect(summary).toMatchObject({ title: "Tax guide", kind: "markdown" });
    expect(summary.chunkCount).toBeGreaterThan(2);

    const listed = await parley(["documents", "list", "--json"]);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({
        id: summary.id,
        chunkCount: summary.chunkCount,
        maxTokens: 60,
        overlapTokens: 10,
      }),
    ]);

    const chunks = JSON.parse((await parley(["documents", "chunks", summary.id, "--json"])).stdout);
    expect(chunks).toHaveLength(summary.chunkCount);
    expect(chunks.at(-1)).toMatchObject({
      headingPath: ["Tax guide", "Deadlines"],
      content: "File by January.",
    });
    expect(chunks[0].headingPath).toEqual(["Tax guide", "Receipts"]);
  });

  it("refuses an empty file and a type it cannot read, storing nothing", async () => {
    const before = (await listSourceDocuments(database.db, { workspaceId })).length;
    const empty = join(folder, "empty.txt");
    await writeFile(empty, "");
    const refused = await parley(["documents", "add", empty]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"empty.txt" is empty');
    const slides = join(folder, "deck.pptx");
    await writeFile(slides, "PK");
    const unknown = await parley(["documents", "add", slides]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/not a type Parley reads/);
    expect(await listSourceDocuments(database.db, { workspaceId })).toHaveLength(before);
  });
});
