// Builds a dataset package folder from a stream of conversations: data files per format and
// split, the dataset card, quality-report.json, metadata-summary.csv and a LICENSE, in one
// streaming pass (plus an id-only pass when the split is stratified).
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type ConsultantProfileInput,
  consultantProfileSchema,
  systemPromptFromProfile,
} from "../consultant-profile.ts";
import type { ExportConversation } from "../export-conversation.ts";
import { ExportError } from "../export-error.ts";
import {
  EXPORT_FORMATS,
  type ExportFormatId,
  type ExportOptions,
  getExportFormat,
} from "../format-registry.ts";
import type { FormatWriter } from "../format-writer.ts";
import {
  assignSplit,
  planStratifiedSplit,
  SPLIT_NAMES,
  type SplitName,
  type SplitPlan,
  type SplitRatios,
  splitPlanFromRatios,
} from "../split/split-plan.ts";
import { endStream, MeteredWritable } from "../streams/metered-writable.ts";
import { type CardConfig, renderDatasetCard } from "./dataset-card.ts";
import { type DatasetLicenseId, licenseSummary, licenseText } from "./dataset-licenses.ts";
import { DatasetStatsCollector } from "./dataset-stats.ts";
import { hubFeaturesFor } from "./hub-features.ts";
import type { ManualReviewSample } from "./manual-review-sample.ts";
import { buildQualityReport, type QualityReport } from "./quality-report.ts";

export interface PackageSplitOptions {
  ratios: SplitRatios;
  /** Defaults to "<name>@<version>": the same dataset version always splits the same way. */
  seed?: string;
  /**
   * Default true: an extra pass over ids gives each tier its exact quota. False assigns by hash
   * alone, which keeps every id in the same split as the dataset grows (proportions approximate).
   */
  stratified?: boolean;
}

export interface BuildDatasetPackageOptions {
  /** Called once per pass; must yield the same conversations each time (e.g. re-run the query). */
  conversations: () => AsyncIterable<ExportConversation>;
  /** Created if missing; must be empty so no stale file ends up in the package. */
  outDir: string;
  /** Machine name, e.g. "emotional-intelligence-100". */
  name: string;
  /** Human title for the card; defaults to `name`. */
  prettyName?: string;
  version: string;
  description?: string;
  license: DatasetLicenseId;
  licenseHolder?: string;
  /** For `other`: full text, plus a short name and link for the card. */
  licenseText?: string;
  licenseName?: string;
  licenseLink?: string;
  consultantProfile: ConsultantProfileInput;
  /** Data formats, one config each; the first is the card's default. `csv` is always written as metadata-summary.csv. */
  formats?: ExportFormatId[];
  /** Default 80/10/10 stratified by tier; `false` puts everything in `train`. */
  split?: PackageSplitOptions | false;
  /** Options for the formats (system prompt, weights, row group size...). */
  formatOptions?: ExportOptions;
  tags?: string[];
  language?: string[];
  /** "owner/name" on the Hub, for the card's loading snippet. */
  repoId?: string;
  citation?: string;
  /** The newest review sample of each batch in the package, for the report and card. */
  manualReviewSamples?: readonly ManualReviewSample[];
  /** Scores below it are flagged in the report (default 7). */
  qualityThreshold?: number;
  /** The report's validation date and the licence year; defaults to now. */
  now?: Date;
  onProgress?: (progress: { phase: "planning" | "writing"; conversations: number }) => void;
  signal?: AbortSignal;
}

export interface PackageFile {
  path: string;
  bytes: number;
  sha256: string;
  format?: ExportFormatId;
  split?: SplitName;
  rows?: number;
}

export interface DatasetPackage {
  dir: string;
  files: PackageFile[];
  /** Conversations assigned to each split. */
  splits: Record<SplitName, number>;
  /** Rows written per format and split (a format may skip conversations it cannot represent). */
  rows: Partial<Record<ExportFormatId, Record<SplitName, number>>>;
  skipped: Partial<Record<ExportFormatId, number>>;
  report: QualityReport;
}

export const DEFAULT_PACKAGE_FORMATS: ExportFormatId[] = ["messages", "training_pairs", "parquet"];
const DEFAULT_SPLIT: PackageSplitOptions = { ratios: { train: 0.8, validation: 0.1, test: 0.1 } };
const PROGRESS_EVERY = 100;

const FILE_DESCRIPTIONS = {
  summary:
    "one row per conversation (tier, persona, arc, topic, turns, quality, status, simulated, cost)",
  report: "automated validation, human review results, quality metrics and recommendations",
  license: "licence terms",
};

interface OpenDataFile {
  path: string;
  metered: MeteredWritable;
  writer: FormatWriter;
  rows: number;
}

export async function buildDatasetPackage(
  options: BuildDatasetPackageOptions,
): Promise<DatasetPackage> {
  const profile = consultantProfileSchema.parse(options.consultantProfile);
  const now = options.now ?? new Date();
  const formats = [...new Set(options.formats ?? DEFAULT_PACKAGE_FORMATS)].filter(
    (format) => format !== "csv",
  );
  for (const format of formats) getExportFormat(format);
  const prettyName = options.prettyName ?? options.name;
  const formatOptions: ExportOptions = {
    systemPrompt: systemPromptFromProfile(profile),
    datasetName: options.name,
    datasetVersion: options.version,
    consultantProfile: profile,
    ...options.formatOptions,
  };
  // Fail before any data is written when the licence cannot be produced.
  const license = licenseText({
    license: options.license,
    holder: options.licenseHolder,
    text: options.licenseText,
    year: now.getUTCFullYear(),
    datasetName: prettyName,
  });

  await prepareEmptyDirectory(options.outDir);
  const plan = await splitPlan(options);

  const stats = new DatasetStatsCollector(options.qualityThreshold);
  const dataFiles = new Map<string, OpenDataFile>();
  const skipped: Partial<Record<ExportFormatId, number>> = {};
  const summaryFile = openFile(options.outDir, "metadata-summary.csv");
  const summary = EXPORT_FORMATS.csv.createWriter(summaryFile, formatOptions);

  const dataFile = async (format: ExportFormatId, split: SplitName): Promise<OpenDataFile> => {
    const key = `${format}/${split}`;
    const existing = dataFiles.get(key);
    if (existing) return existing;
    await mkdir(join(options.outDir, "data", format), { recursive: true });
    const path = `data/${format}/${split}${EXPORT_FORMATS[format].extension}`;
    const metered = openFile(options.outDir, path);
    const file = {
      path,
      metered,
      writer: EXPORT_FORMATS[format].createWriter(metered, formatOptions),
      rows: 0,
    };
    dataFiles.set(key, file);
    return file;
  };

  let seen = 0;
  try {
    for await (const conversation of options.conversations()) {
      options.signal?.throwIfAborted();
      const split = plan ? assignSplit(plan, conversation) : "train";
      stats.add(conversation, split);
      await summary.write(conversation);
      for (const format of formats) {
        const file = await dataFile(format, split);
        const outcome = await file.writer.write(conversation);
        if (outcome.written) file.rows++;
        else skipped[format] = (skipped[format] ?? 0) + 1;
      }
      if (++seen % PROGRESS_EVERY === 0)
        options.onProgress?.({ phase: "writing", conversations: seen });
    }
    await summary.finish();
    await endStream(summaryFile);
    for (const file of dataFiles.values()) {
      await file.writer.finish();
      await endStream(file.metered);
    }
  } catch (error) {
    summaryFile.destroy();
    for (const file of dataFiles.values()) file.metered.destroy();
    if (error instanceof ExportError || (error as Error).name === "AbortError") throw error;
    throw new ExportError(
      "package_failed",
      `Building the dataset package failed: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  options.onProgress?.({ phase: "writing", conversations: seen });

  // A split a format wrote nothing to is left out: an empty data file breaks `load_dataset`.
  const files: PackageFile[] = [];
  const rows: Partial<Record<ExportFormatId, Record<SplitName, number>>> = {};
  const configs: CardConfig[] = [];
  for (const format of formats) {
    const formatRows = { train: 0, validation: 0, test: 0 };
    const cardFiles: CardConfig["files"] = [];
    for (const split of SPLIT_NAMES) {
      const file = dataFiles.get(`${format}/${split}`);
      if (!file) continue;
      if (file.rows === 0) {
        await unlink(join(options.outDir, file.path));
        continue;
      }
      formatRows[split] = file.rows;
      files.push({ path: file.path, ...file.metered.digest(), format, split, rows: file.rows });
      cardFiles.push({ split, path: file.path, rows: file.rows });
    }
    rows[format] = formatRows;
    if (cardFiles.length > 0) {
      configs.push({
        format,
        description: EXPORT_FORMATS[format].description,
        features: hubFeaturesFor(format, formatOptions),
        files: cardFiles,
      });
    }
  }
  files.push({ path: "metadata-summary.csv", ...summaryFile.digest(), format: "csv", rows: seen });

  const snapshot = stats.snapshot();
  const report = buildQualityReport(
    snapshot,
    { name: prettyName, version: options.version, validationDate: now },
    options.manualReviewSamples,
  );
  const summaryOfLicense = licenseSummary({
    license: options.license,
    name: options.licenseName,
    link: options.licenseLink,
  });
  const card = renderDatasetCard({
    prettyName,
    version: options.version,
    description: options.description,
    license: {
      id: options.license,
      name: summaryOfLicense.name,
      url: summaryOfLicense.url,
      customName: options.licenseName,
      customLink: options.licenseLink,
    },
    splitMethod: plan === null ? "none" : plan.mode,
    language: options.language ?? ["en"],
    tags: options.tags ?? [],
    consultant: profile,
    stats: snapshot,
    report,
    configs,
    extraFiles: [
      { path: "metadata-summary.csv", description: FILE_DESCRIPTIONS.summary },
      { path: "quality-report.json", description: FILE_DESCRIPTIONS.report },
      { path: "LICENSE", description: FILE_DESCRIPTIONS.license },
    ],
    repoId: options.repoId,
    citation: options.citation,
  });
  files.push(
    await writeSmallFile(
      options.outDir,
      "quality-report.json",
      `${JSON.stringify(report, null, 2)}\n`,
    ),
  );
  files.push(await writeSmallFile(options.outDir, "README.md", card));
  files.push(await writeSmallFile(options.outDir, "LICENSE", license));

  return {
    dir: options.outDir,
    files: files.sort((a, b) => (a.path < b.path ? -1 : 1)),
    splits: snapshot.bySplit,
    rows,
    skipped,
    report,
  };
}

async function splitPlan(options: BuildDatasetPackageOptions): Promise<SplitPlan | null> {
  if (options.split === false) return null;
  const split = options.split ?? DEFAULT_SPLIT;
  const seed = split.seed ?? `${options.name}@${options.version}`;
  if (split.stratified === false) return splitPlanFromRatios(split.ratios, seed);
  let seen = 0;
  const onProgress = options.onProgress;
  async function* ids() {
    for await (const conversation of options.conversations()) {
      options.signal?.throwIfAborted();
      if (++seen % PROGRESS_EVERY === 0) onProgress?.({ phase: "planning", conversations: seen });
      yield { id: conversation.id, tier: conversation.tier };
    }
  }
  return planStratifiedSplit(ids(), split.ratios, seed);
}

async function prepareEmptyDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const existing = await readdir(dir);
  if (existing.length > 0) {
    throw new ExportError(
      "package_folder_not_empty",
      `The package folder ${dir} is not empty; choose a new folder so no stale file ends up in the package`,
    );
  }
}

function openFile(dir: string, path: string): MeteredWritable {
  return new MeteredWritable(createWriteStream(join(dir, ...path.split("/"))));
}

async function writeSmallFile(dir: string, path: string, content: string): Promise<PackageFile> {
  const bytes = Buffer.from(content, "utf8");
  await writeFile(join(dir, path), bytes);
  return { path, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}
