// Plan files as an operator hands them over: a missing file, broken JSON or a row of the wrong
// shape each say what is wrong, with rows counted from 1.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPlanFile } from "./plan-file-io.ts";

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "parley-plan-io-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("readPlanFile", () => {
  it("says a missing file does not exist, and how to write one", async () => {
    await expect(readPlanFile(join(folder, "nope.json"))).rejects.toThrow(
      /nope\.json does not exist; write one with: npm run parley -- batch plan/,
    );
  });

  it("says a file that is not JSON is not JSON", async () => {
    const path = join(folder, "broken.json");
    await writeFile(path, "{ not json");
    await expect(readPlanFile(path)).rejects.toThrow(/broken\.json is not JSON/);
  });

  it("names the row (from 1) whose shape is wrong, and a wrong version", async () => {
    const path = join(folder, "shape.json");
    await writeFile(
      path,
      JSON.stringify({ version: 1, rows: [{ tier: "template" }, { tier: 7 }] }),
    );
    await expect(readPlanFile(path)).rejects.toThrow(/row 2, tier: /);
    await writeFile(path, JSON.stringify({ version: 3, rows: [{ tier: "template" }] }));
    await expect(readPlanFile(path)).rejects.toThrow(/not a version 1 plan file/);
  });

  it("reads a good file with its settings checked", async () => {
    const path = join(folder, "good.json");
    await writeFile(
      path,
      JSON.stringify({ version: 1, rows: [{ tier: "template" }], settings: { turnCount: 6 } }),
    );
    const file = await readPlanFile(path);
    expect(file.rows).toHaveLength(1);
    expect(file.settings?.turnCount).toBe(6);
  });
});
