import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { parquetReadObjects } from "hyparquet";
import { extract } from "tar-stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ExportConversation } from "../export-conversation.ts";
import { ExportError } from "../export-error.ts";
import { validateCsvSummary } from "../formats/csv-summary-format.ts";
import { parseCsv } from "../formats/csv-text.ts";
import { validateMessagesRecord } from "../formats/messages-format.ts";
import { validateTrainingPairsRecord } from "../formats/training-pairs-format.ts";
import { validateJsonLines } from "../formats/validate-json-lines.ts";
import { makeConversations, streamOf, TEST_PROFILE } from "../testing/conversation-fixtures.ts";
import { readZipEntries } from "../testing/read-zip.ts";
import { tarGzDirectory } from "./archive-tar-gz.ts";
import { zipDirectory } from "./archive-zip.ts";
import { type BuildDatasetPackageOptions, buildDatasetPackage } from "./build-dataset-package.ts";
import { listPackageFiles } from "./package-files.ts";
import type { QualityReport } from "./quality-report.ts";

let workDir: string;
beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), "parley-package-"));
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** 30 conversations: 10 per tier, with a few that the report must call out. */
function dataset(): ExportConversation[] {
  return makeConversations(30, (i) => {
    const overrides: Partial<ExportConversation> = {};
    if (i === 0) Object.assign(overrides, { simulated: true });
    if (i === 1)
      Object.assign(overrides, { status: "rejected", reviewerNotes: "Advice too specific" });
    if (i === 2)
      Object.assign(overrides, { status: "approved", reviewerNotes: "Great validation" });
    if (i === 3) Object.assign(overrides, { qualityScore: 5.5 });
    if (i === 4) {
      overrides.qualityMetrics = {
        checks: {
          harmfulContent: { passed: false, severity: "error" },
          turnCount: { passed: true },
        },
      };
    }
    if (i === 5)
      overrides.qualityMetrics = { checks: [{ name: "emotionalProgression", passed: false }] };
    if (i >= 6 && i < 9) Object.assign(overrides, { status: "pending_review" });
    if (i === 9) {
      overrides.arc = {
        key: "anxiety_to_relief",
        name: "Anxiety → Relief",
        startEmotion: "anxiety",
        endEmotion: "relief",
      };
    }
    return overrides;
  });
}

function options(
  conversations: ExportConversation[],
  overrides: Partial<BuildDatasetPackageOptions> = {},
): BuildDatasetPackageOptions {
  return {
    conversations: () => streamOf(conversations),
    outDir: join(workDir, "ei-dataset-v1"),
    name: "ei-dataset",
    prettyName: "Emotional Intelligence Conversations",
    version: "1.0.0",
    license: "cc-by-4.0",
    licenseHolder: "Pathways Financial Planning",
    consultantProfile: TEST_PROFILE,
    formats: ["messages", "training_pairs", "parquet", "sharegpt"],
    now: new Date("2025-11-25T14:00:00Z"),
    ...overrides,
  };
}

function frontMatter(card: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(card);
  if (!match?.[1]) throw new Error("The card has no YAML front matter");
  return parse(match[1]) as Record<string, unknown>;
}

interface CardConfigYaml {
  config_name: string;
  default?: boolean;
  data_files: Array<{ split: string; path: string }>;
}
interface DatasetInfoYaml {
  config_name: string;
  features?: unknown[];
  splits: Array<{ name: string; num_examples: number }>;
}

async function countRows(dir: string, path: string): Promise<number> {
  const buffer = await readFile(join(dir, path));
  if (path.endsWith(".parquet")) {
    const file = buffer.buffer.slice(
      buffer.byteOffset,
      buffer.byteOffset + buffer.byteLength,
    ) as ArrayBuffer;
    return (await parquetReadObjects({ file })).length;
  }
  return buffer
    .toString("utf8")
    .split("\n")
    .filter((line) => line !== "").length;
}

describe("buildDatasetPackage", () => {
  it("writes data per format and split, a card naming every data file, and the summary files", async () => {
    const conversations = dataset();
    const result = await buildDatasetPackage(options(conversations));
    const dir = result.dir;
    const onDisk = (await listPackageFiles(dir)).map((file) => file.path);
    expect(onDisk).toEqual(result.files.map((file) => file.path));
    expect(onDisk).toEqual(
      expect.arrayContaining([
        "README.md",
        "LICENSE",
        "quality-report.json",
        "metadata-summary.csv",
      ]),
    );

    // Stratified 80/10/10 over 10 conversations per tier: 8/1/1 each.
    expect(result.splits).toEqual({ train: 24, validation: 3, test: 3 });

    const card = await readFile(join(dir, "README.md"), "utf8");
    // Repeated structures are written out, not as YAML anchors the Hub's validator may reject.
    expect(card).not.toMatch(/^\s*-?\s*[&*]a\d+/m);
    const yaml = frontMatter(card);
    expect(yaml).toMatchObject({
      license: "cc-by-4.0",
      language: ["en"],
      task_categories: ["text-generation"],
      size_categories: ["n<1K"],
      pretty_name: "Emotional Intelligence Conversations",
    });
    expect(yaml.tags).toEqual(expect.arrayContaining(["synthetic", "simulated"]));
    const configs = yaml.configs as CardConfigYaml[];
    expect(configs.map((config) => config.config_name)).toEqual([
      "messages",
      "training_pairs",
      "parquet",
      "sharegpt",
    ]);
    expect(configs[0]?.default).toBe(true);
    const dataFilesInCard = configs
      .flatMap((config) => config.data_files.map((file) => file.path))
      .sort();
    expect(dataFilesInCard).toEqual(onDisk.filter((path) => path.startsWith("data/")));

    // num_examples must equal the real row counts, or `load_dataset` fails its split check.
    const infos = yaml.dataset_info as DatasetInfoYaml[];
    for (const config of configs) {
      const info = infos.find((entry) => entry.config_name === config.config_name);
      for (const file of config.data_files) {
        const declared = info?.splits.find((split) => split.name === file.split)?.num_examples;
        expect(declared, `${file.path}`).toBe(await countRows(dir, file.path));
      }
    }
    expect(infos.find((info) => info.config_name === "messages")?.features).toBeDefined();
    expect(infos.find((info) => info.config_name === "training_pairs")?.features).toBeUndefined();
  });

  it("writes records each format's validator accepts, with the simulated flag carried through", async () => {
    const result = await buildDatasetPackage(options(dataset()));
    const messages = await readFile(join(result.dir, "data/messages/train.jsonl"), "utf8");
    expect(
      (await validateJsonLines(messages, (record) => validateMessagesRecord(record))).valid,
    ).toBe(true);
    for (const split of ["train", "validation", "test"]) {
      const path = join(result.dir, `data/training_pairs/${split}.jsonl`);
      expect(
        (await validateJsonLines(createReadStream(path), validateTrainingPairsRecord)).valid,
      ).toBe(true);
    }
    const allMessages = await Promise.all(
      ["train", "validation", "test"].map((split) =>
        readFile(join(result.dir, `data/messages/${split}.jsonl`), "utf8"),
      ),
    );
    const simulated = allMessages
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { metadata: { id: string; simulated: boolean } })
      .filter((record) => record.metadata.simulated)
      .map((record) => record.metadata.id);
    expect(simulated).toEqual(["conv-0001"]);
  });

  it("reports counts that match the input", async () => {
    const result = await buildDatasetPackage(options(dataset()));
    const report = JSON.parse(
      await readFile(join(result.dir, "quality-report.json"), "utf8"),
    ) as QualityReport;
    expect(report).toEqual(result.report);
    expect(report.dataset).toMatchObject({
      total_conversations: 30,
      simulated_conversations: 1,
      validation_date: "2025-11-25T14:00:00.000Z",
    });
    // Every conversation has checks (its own or the score check); #4 fails a blocking check,
    // #3 (low score) and #5 (failed non-blocking check) only warn.
    expect(report.automated_validation).toMatchObject({
      total_checked: 30,
      passed: 27,
      failed: 1,
      warnings: 2,
    });
    expect(report.automated_validation.checks.harmfulContent).toEqual({
      passed: 28,
      failed: 1,
      warnings: 0,
    });
    expect(report.automated_validation.checks.qualityScore).toEqual({
      passed: 29,
      failed: 0,
      warnings: 1,
    });
    expect(report.automated_validation.checks.emotionalProgression).toEqual({
      passed: 28,
      failed: 0,
      warnings: 1,
    });
    // The fixture default status is approved; 3 are pending, 1 rejected, 1 approved with notes.
    expect(report.manual_review).toMatchObject({
      sample_size: 27,
      approved: 25,
      approved_with_notes: 1,
      rejected: 1,
      needs_revision: 0,
    });
    expect(report.manual_review.review_notes).toEqual([
      "Facing the retirement statements: Advice too specific",
      "Facing the retirement statements: Great validation",
    ]);
    expect(report.quality_metrics).toMatchObject({
      avg_quality_score: Math.round(((29 * 8.5 + 5.5) / 30) * 100) / 100,
      below_threshold: 1,
      avg_turns_per_conversation: 4,
      emotional_arc_coverage: { shame_to_acceptance: 29, anxiety_to_relief: 1 },
    });
    expect(report.composition.tiers).toEqual({ template: 10, scenario: 10, edge_case: 10 });
    expect(report.recommendations.join("\n")).toMatch(/simulated provider/);
    expect(report.recommendations.join("\n")).toMatch(/1 conversation failed blocking/);
    expect(report.recommendations).not.toContain("Dataset ready for fine-tuning");
  });

  it("writes a CSV summary with one row per conversation and the chosen licence", async () => {
    const result = await buildDatasetPackage(options(dataset(), { license: "mit" }));
    const csv = await readFile(join(result.dir, "metadata-summary.csv"), "utf8");
    expect(validateCsvSummary(csv).valid).toBe(true);
    expect(parseCsv(csv)).toHaveLength(31);
    const license = await readFile(join(result.dir, "LICENSE"), "utf8");
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2025 Pathways Financial Planning/);
    const card = await readFile(join(result.dir, "README.md"), "utf8");
    expect(frontMatter(card).license).toBe("mit");
    expect(card).toContain("Simulated data.");
    expect(card).toContain("Marcus Chen");
  });

  it("without a split puts everything in train and leaves out empty splits", async () => {
    const result = await buildDatasetPackage(
      options(dataset(), { split: false, formats: ["messages"] }),
    );
    expect(
      result.files.filter((file) => file.path.startsWith("data/")).map((file) => file.path),
    ).toEqual(["data/messages/train.jsonl"]);
    const yaml = frontMatter(await readFile(join(result.dir, "README.md"), "utf8"));
    expect((yaml.configs as CardConfigYaml[])[0]?.data_files).toEqual([
      { split: "train", path: "data/messages/train.jsonl" },
    ]);
  });

  it("builds a valid, clearly empty package when nothing was selected", async () => {
    const result = await buildDatasetPackage(options([]));
    expect(result.files.map((file) => file.path)).toEqual([
      "LICENSE",
      "README.md",
      "metadata-summary.csv",
      "quality-report.json",
    ]);
    const yaml = frontMatter(await readFile(join(result.dir, "README.md"), "utf8"));
    expect(yaml.configs).toBeUndefined();
    expect(yaml.size_categories).toEqual(["n<1K"]);
    expect(result.report.recommendations).toEqual([
      "The dataset is empty: select conversations to export",
    ]);
  });

  it("refuses a folder that already has files in it", async () => {
    const outDir = join(workDir, "used");
    await buildDatasetPackage(options(dataset(), { outDir, formats: ["messages"] }));
    await expect(buildDatasetPackage(options(dataset(), { outDir }))).rejects.toMatchObject({
      reason: "package_folder_not_empty",
      code: "CONFLICT",
    });
  });

  it("needs the text of a custom licence before writing anything", async () => {
    const outDir = join(workDir, "custom");
    await expect(
      buildDatasetPackage(options(dataset(), { outDir, license: "other" })),
    ).rejects.toBeInstanceOf(ExportError);
  });
});

describe("package archives", () => {
  async function sha256(path: string) {
    return createHash("sha256")
      .update(await readFile(path))
      .digest("hex");
  }

  it("zip and tar.gz contain every file of the package, byte for byte, under the package folder", async () => {
    const result = await buildDatasetPackage(options(dataset()));
    const files = await listPackageFiles(result.dir);
    const expected = new Map(
      await Promise.all(
        files.map(
          async (file) => [`ei-dataset-v1/${file.path}`, await sha256(file.absolutePath)] as const,
        ),
      ),
    );

    const zip = await zipDirectory(result.dir, join(workDir, "package.zip"));
    const zipEntries = readZipEntries(await readFile(zip.file));
    expect(
      new Map(
        [...zipEntries].map(([name, content]) => [
          name,
          createHash("sha256").update(content).digest("hex"),
        ]),
      ),
    ).toEqual(expected);
    expect(zip.sha256).toBe(await sha256(zip.file));

    const tar = await tarGzDirectory(result.dir, join(workDir, "package.tar.gz"));
    const tarEntries = new Map<string, string>();
    const extractor = extract();
    const reading = (async () => {
      for await (const entry of extractor) {
        const hash = createHash("sha256");
        for await (const chunk of entry) hash.update(chunk as Buffer);
        tarEntries.set(entry.header.name, hash.digest("hex"));
      }
    })();
    await pipeline(createReadStream(tar.file), createGunzip(), extractor);
    await reading;
    expect(tarEntries).toEqual(expected);
    expect(tar.entries).toEqual([...expected.keys()]);
  });

  it("can archive without a root folder", async () => {
    const dir = join(workDir, "loose");
    await buildDatasetPackage(options(dataset(), { outDir: dir, formats: ["messages"] }));
    await writeFile(join(dir, "extra.txt"), "hello");
    const zip = await zipDirectory(dir, join(workDir, "loose.zip"), { root: "" });
    expect([...readZipEntries(await readFile(zip.file)).keys()]).toContain("extra.txt");
  });
});
