// produceExport from a real Postgres: packages on disk (folder and zip) and a push to a local
// stand-in for the HuggingFace Hub, with the token kept out of every error and file.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConversation, findActiveScaffolding } from "@parley/db";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "@parley/db/testing";
import { type StandInHub, startStandInHub } from "@parley/export/testing/stand-in-hub";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { produceExport } from "./produce-export.ts";

const TOKEN = `hf_${"t0k3n".repeat(6)}`;
let database: TestDatabase;
let hub: StandInHub;
let workspaceId: string;
let outDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  hub = await startStandInHub({ token: TOKEN, reflectAuthorizationInErrors: true });
  workspaceId = (await createTestWorkspace(database.db, { seed: true })).id;
  const scaffolding = await findActiveScaffolding(database.db, { workspaceId });
  const tiers = ["template", "scenario", "edge_case"] as const;
  for (let i = 0; i < 30; i++) {
    await createConversation(database.db, {
      workspaceId,
      tier: tiers[i % 3] ?? "template",
      status: "approved",
      personaId: scaffolding.personas[i % scaffolding.personas.length]?.id ?? null,
      arcId: scaffolding.arcs[0]?.id ?? null,
      topicId: scaffolding.topics[0]?.id ?? null,
      simulated: true,
      turns: [
        { role: "user", content: `Question ${i}` },
        { role: "assistant", content: `Answer ${i}` },
      ],
    });
  }
});

beforeEach(async () => {
  outDir = await mkdtemp(join(tmpdir(), "parley-produce-"));
  return () => rm(outDir, { recursive: true, force: true });
});

afterAll(async () => {
  await hub?.close();
  await database?.destroy();
});

const split = { ratios: { train: 0.8, validation: 0.1, test: 0.1 }, seed: "1" };

describe("produceExport", () => {
  it("writes a split zip package, pushes it to the Hub, and reports the archive's checksum", async () => {
    const outPath = join(outDir, "ei-dataset.zip");
    const phases = new Set<string>();
    const produced = await produceExport(database.db, {
      workspaceId,
      format: "messages",
      options: { split, package: "zip", hub: { repo: "acme/ei-dataset", private: true } },
      outPath,
      hubToken: TOKEN,
      hubUrl: hub.url,
      onProgress: (progress) => phases.add(progress.phase),
    });
    const zip = await readFile(outPath);
    expect(produced).toMatchObject({
      kind: "zip",
      rows: 30,
      total: 30,
      includesSimulated: true,
      splits: { train: 24, validation: 3, test: 3 },
      bytes: zip.length,
      sha256: createHash("sha256").update(zip).digest("hex"),
      hubUrl: `${hub.url}/datasets/acme/ei-dataset`,
    });
    expect([...phases]).toEqual(["planning", "writing", "pushing", "archiving"]);
    // Only the archive is left: no temporary folder next to it.
    expect(await readdir(outDir)).toEqual(["ei-dataset.zip"]);

    const repo = hub.repos.get("dataset/acme/ei-dataset");
    expect(repo?.private).toBe(true);
    const files = [...(repo?.files.keys() ?? [])].sort();
    expect(files).toEqual([
      "LICENSE",
      "README.md",
      "data/messages/test.jsonl",
      "data/messages/train.jsonl",
      "data/messages/validation.jsonl",
      "metadata-summary.csv",
      "quality-report.json",
    ]);
    const card = repo?.files.get("README.md")?.toString("utf8") ?? "";
    for (const dataFile of files.filter((file) => file.startsWith("data/"))) {
      expect(card).toContain(dataFile);
    }
    for (const content of repo?.files.values() ?? []) {
      expect(content.toString("utf8")).not.toContain(TOKEN);
    }
  });

  it("fails without leaking a token the Hub refuses, and leaves nothing half-written", async () => {
    const wrong = `hf_${"wrong".repeat(6)}`;
    const outPath = join(outDir, "refused");
    const error = await produceExport(database.db, {
      workspaceId,
      format: "sharegpt",
      options: { hub: { repo: "acme/refused", private: true } },
      outPath,
      hubToken: wrong,
      hubUrl: hub.url,
    }).then(
      () => new Error("expected the push to fail"),
      (caught: unknown) => caught as Error,
    );
    expect(error.message).toMatch(/The Hub refused the token for acme\/refused \(HTTP 401\)/);
    expect(error.message).not.toContain(wrong);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(String(error.stack)).not.toContain(wrong);
    expect(await readdir(outDir)).toEqual([]);
  });

  it("writes a folder package whose checksum is that of its sha256sum manifest, and will not overwrite one", async () => {
    const outPath = join(outDir, "folder");
    const produced = await produceExport(database.db, {
      workspaceId,
      format: "training_pairs",
      options: { package: "folder" },
      outPath,
    });
    const names = (await readdir(outPath, { recursive: true })).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        "README.md",
        "LICENSE",
        "quality-report.json",
        "data/training_pairs/train.jsonl",
      ]),
    );
    expect(produced.rows).toBe(30);
    const manifest = [
      "LICENSE",
      "README.md",
      "data/training_pairs/train.jsonl",
      "metadata-summary.csv",
      "quality-report.json",
    ];
    const lines = await Promise.all(
      manifest.map(async (path) => {
        const digest = createHash("sha256")
          .update(await readFile(join(outPath, path)))
          .digest("hex");
        return `${digest}  ${path}\n`;
      }),
    );
    expect(produced.sha256).toBe(createHash("sha256").update(lines.join("")).digest("hex"));

    await expect(
      produceExport(database.db, {
        workspaceId,
        format: "messages",
        options: { package: "folder" },
        outPath,
      }),
    ).rejects.toThrow(/already exists/);
  });
});

describe("produceExport's chat layout options", () => {
  const linesOf = async (path: string) =>
    (await readFile(path, "utf8"))
      .trim()
      .split("\n")
      .map(
        (line) => JSON.parse(line) as { messages: Record<string, unknown>[]; metadata?: unknown },
      );

  it("folds the system prompt into the first user message, weights the last answer and drops metadata, in a file and in a package", async () => {
    const layout = {
      systemMode: "fold" as const,
      assistantWeights: "last" as const,
      includeMetadata: false,
    };
    const file = join(outDir, "plain.jsonl");
    await produceExport(database.db, {
      workspaceId,
      format: "messages",
      options: layout,
      outPath: file,
    });
    const folder = join(outDir, "package");
    await produceExport(database.db, {
      workspaceId,
      format: "messages",
      options: { ...layout, package: "folder" },
      outPath: folder,
    });
    for (const lines of [
      await linesOf(file),
      await linesOf(join(folder, "data/messages/train.jsonl")),
    ]) {
      expect(lines).toHaveLength(30);
      for (const line of lines) {
        expect(Object.keys(line)).toEqual(["messages"]);
        expect(line.messages.map((message) => message.role)).toEqual(["user", "assistant"]);
        expect(String(line.messages[0]?.content)).toMatch(
          /^You are Elena Morales[\s\S]*Question \d+$/,
        );
        expect(line.messages[1]?.weight).toBe(1);
      }
    }
  });

  it("leaves the system prompt out when asked, and keeps it as its own message by default", async () => {
    const omitted = join(outDir, "omit.jsonl");
    await produceExport(database.db, {
      workspaceId,
      format: "sharegpt",
      options: { systemMode: "omit" },
      outPath: omitted,
    });
    const plain = join(outDir, "default.jsonl");
    await produceExport(database.db, { workspaceId, format: "sharegpt", outPath: plain });
    const [first] = (await readFile(omitted, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const [second] = (await readFile(plain, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(first.system).toBeUndefined();
    expect(second.system).toMatch(/^You are Elena Morales/);
  });
});
