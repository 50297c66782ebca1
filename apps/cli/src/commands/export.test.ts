// `parley export` as an operator runs it: a child process against a real Postgres (DATABASE_URL),
// reading its exit code, its stderr and the files it wrote; Hub pushes go to a local stand-in.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConversation, ensureDefaultWorkspace, findActiveScaffolding } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { validateMessagesRecord } from "@parley/export";
import { type StandInHub, startStandInHub } from "@parley/export/testing/stand-in-hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runParley } from "../test-support/run-parley.ts";

const TOKEN = `hf_${"cliToken".repeat(4)}`;
let database: TestDatabase;
let hub: StandInHub;
let workDir: string;
let personaKey: string;

const parley = (args: string[], env: Record<string, string> = {}) =>
  runParley(args, { databaseUrl: database.url, cwd: workDir, env });

beforeAll(async () => {
  database = await createTestDatabase();
  hub = await startStandInHub({ token: TOKEN, reflectAuthorizationInErrors: true });
  workDir = await mkdtemp(join(tmpdir(), "parley-cli-export-"));
  const { workspace } = await ensureDefaultWorkspace(database.db);
  const scaffolding = await findActiveScaffolding(database.db, { workspaceId: workspace.id });
  const persona = scaffolding.personas[0];
  if (!persona) throw new Error("the reference seed has no persona");
  personaKey = persona.key;
  const tiers = ["template", "scenario", "edge_case"] as const;
  for (let i = 0; i < 30; i++) {
    await createConversation(database.db, {
      workspaceId: workspace.id,
      tier: tiers[i % 3] ?? "template",
      status: i % 5 === 0 ? "pending_review" : "approved",
      qualityScore: i % 2 === 0 ? 8 : 6,
      personaId: i < 10 ? persona.id : (scaffolding.personas[1]?.id ?? null),
      simulated: true,
      turns: [
        { role: "user", content: `Question ${i}` },
        { role: "assistant", content: `Answer ${i}` },
      ],
    });
  }
});

afterAll(async () => {
  await hub?.close();
  await database?.destroy();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("parley export", () => {
  it("writes the selected conversations with a progress bar and a summary", async () => {
    const run = await parley([
      "export",
      "--out",
      "approved-templates.jsonl",
      "--status",
      "approved",
      "--tier",
      "template",
      "--min-quality",
      "7",
    ]);
    expect(run.stderr).toContain("█");
    expect(run.code).toBe(0);
    // i ≡ 0 (mod 3), even, not a multiple of 5: 6, 12, 18, 24.
    expect(run.stderr).toMatch(
      /wrote 4 of 4 conversations as messages to .*approved-templates\.jsonl/,
    );
    const lines = (await readFile(join(workDir, "approved-templates.jsonl"), "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(validateMessagesRecord(line)).toEqual([]);
      expect(line.metadata).toMatchObject({ tier: "template", simulated: true });
    }
  });

  it("filters by scaffolding key and says which key it does not know", async () => {
    const known = await parley(["export", "--persona", personaKey, "--out", "persona.jsonl"]);
    expect(known.code).toBe(0);
    expect(known.stderr).toMatch(/wrote 10 of 10 conversations/);

    const unknown = await parley(["export", "--persona", "nobody", "--out", "nobody.jsonl"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split("\n").at(-1)).toBe(
      'parley: --persona: no persona with key "nobody"',
    );
  });

  it("pushes a split package to the Hub without ever printing the token", async () => {
    const run = await parley(
      [
        "export",
        "--format",
        "sharegpt",
        "--status",
        "approved",
        "--split",
        "train=0.8,validation=0.1,test=0.1",
        "--seed",
        "5",
        "--push-to-hub",
        "acme/cli-dataset",
      ],
      { HF_TOKEN: TOKEN, HF_ENDPOINT: hub.url },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`pushed to ${hub.url}/datasets/acme/cli-dataset`);
    // 24 approved, 8 per tier: 6/1/1 in each tier.
    expect(run.stderr).toContain("splits: train 18, validation 3, test 3");
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
    const repo = hub.repos.get("dataset/acme/cli-dataset");
    expect(repo?.private).toBe(true);
    expect([...(repo?.files.keys() ?? [])]).toEqual(
      expect.arrayContaining(["README.md", "data/sharegpt/train.jsonl", "quality-report.json"]),
    );

    const refused = await parley(["export", "--push-to-hub", "acme/other", "--public"], {
      HF_TOKEN: `hf_${"wrongToken".repeat(3)}`,
      HF_ENDPOINT: hub.url,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/The Hub refused the token for acme\/other \(HTTP 401\)/);
    expect(`${refused.stdout}${refused.stderr}`).not.toContain("wrongToken");
  });
});
