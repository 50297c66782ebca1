// The dataset card (README.md): HuggingFace YAML front matter (licence, task, size, configs
// with data files per split, dataset_info) and a body describing what is in the dataset.
import { stringify } from "yaml";
import { type ConsultantProfile, consultantDisplayName } from "../consultant-profile.ts";
import type { ExportFormatId } from "../format-registry.ts";
import type { SplitName } from "../split/split-plan.ts";
import type { DatasetStats } from "./dataset-stats.ts";
import type { HubFeature } from "./hub-features.ts";
import { manualReviewSampleMarkdown } from "./manual-review-sample.ts";
import type { QualityReport } from "./quality-report.ts";

export interface CardDataFile {
  split: SplitName;
  path: string;
  rows: number;
}

export interface CardConfig {
  format: ExportFormatId;
  description: string;
  features?: HubFeature[];
  files: CardDataFile[];
}

export interface DatasetCardInput {
  prettyName: string;
  version: string;
  description?: string;
  license: {
    id: string;
    name: string;
    url: string | null;
    customName?: string;
    customLink?: string;
  };
  language: string[];
  tags: string[];
  consultant: ConsultantProfile;
  stats: DatasetStats;
  report: QualityReport;
  /** How conversations were assigned to splits, for the composition section. */
  splitMethod: "stratified" | "hash" | "none";
  /** One per data format; the first is the default config. */
  configs: CardConfig[];
  /** Extra files at the package root, listed in the card. */
  extraFiles: Array<{ path: string; description: string }>;
  /** "owner/name" when the card will live on the Hub, for the loading snippet. */
  repoId?: string;
  citation?: string;
}

/** HuggingFace's size_categories buckets. */
export function sizeCategory(count: number): string {
  const buckets: Array<[number, string]> = [
    [1e3, "n<1K"],
    [1e4, "1K<n<10K"],
    [1e5, "10K<n<100K"],
    [1e6, "100K<n<1M"],
    [1e7, "1M<n<10M"],
    [1e8, "10M<n<100M"],
    [1e9, "100M<n<1B"],
  ];
  for (const [limit, label] of buckets) if (count < limit) return label;
  return "n>1B";
}

export function renderDatasetCard(input: DatasetCardInput): string {
  // No YAML anchors: the Hub's card validator and some readers expect plain, repeated structures.
  return `---\n${stringify(frontMatter(input), { lineWidth: 0, aliasDuplicateObjects: false })}---\n\n${body(input)}`;
}

function frontMatter(input: DatasetCardInput): Record<string, unknown> {
  const { stats } = input;
  const tags = [
    ...new Set([
      "synthetic",
      "conversational",
      ...(stats.simulated > 0 ? ["simulated"] : []),
      ...input.tags,
    ]),
  ];
  const data: Record<string, unknown> = { license: input.license.id };
  if (input.license.id === "other") {
    if (input.license.customName) data.license_name = input.license.customName;
    if (input.license.customLink) data.license_link = input.license.customLink;
  }
  Object.assign(data, {
    pretty_name: input.prettyName,
    language: input.language,
    task_categories: ["text-generation"],
    size_categories: [sizeCategory(stats.total)],
    tags,
  });
  // An empty package has no data files to describe; empty lists would only confuse the Hub.
  if (input.configs.length === 0) return data;
  Object.assign(data, {
    configs: input.configs.map((config, index) => ({
      config_name: config.format,
      ...(index === 0 ? { default: true } : {}),
      data_files: config.files.map((file) => ({ split: file.split, path: file.path })),
    })),
    dataset_info: input.configs.map((config) => ({
      config_name: config.format,
      ...(config.features ? { features: config.features } : {}),
      splits: config.files.map((file) => ({ name: file.split, num_examples: file.rows })),
    })),
  });
  return data;
}

/** Text from users goes into tables and lists: keep it on one line and out of the table syntax. */
function inline(text: string): string {
  return text.replace(/\s+/g, " ").replaceAll("|", "\\|").trim();
}

function percent(part: number, total: number): string {
  return total > 0 ? `${Math.round((part / total) * 100)}%` : "0%";
}

function body(input: DatasetCardInput): string {
  const { stats, report } = input;
  const sections: string[] = [`# ${inline(input.prettyName)} v${inline(input.version)}`];
  if (input.description) sections.push(input.description.trim());
  sections.push(
    `${stats.total} synthetic multi-turn conversations between ${inline(consultantDisplayName(input.consultant))} and client personas, for fine-tuning conversational models.`,
  );
  if (stats.simulated > 0) {
    const all = stats.simulated === stats.total;
    sections.push(
      `> **Simulated data.** ${all ? "Every conversation" : `${stats.simulated} of ${stats.total} conversations`} in this dataset ${all ? "was" : "were"} produced by a simulated provider, not by Claude (\`metadata.simulated = true\`). Use ${all ? "it" : "them"} to test training pipelines only; do not train a model on ${all ? "it" : "them"}.`,
    );
  }

  sections.push("## Dataset composition", composition(stats, input.splitMethod));
  sections.push("## Consultant", consultant(input.consultant));
  sections.push(
    "## Personas",
    stats.personas
      .map(
        (persona) =>
          `- **${inline(persona.name)}** (${persona.count})${persona.description ? ` — ${inline(persona.description)}` : ""}`,
      )
      .join("\n"),
  );
  sections.push(
    "## Emotional arcs",
    stats.arcs
      .map(
        (arc) =>
          `- ${inline(arc.name)}: ${inline(arc.startEmotion)} → ${inline(arc.endEmotion)} (${arc.count})`,
      )
      .join("\n"),
  );
  sections.push(
    "## Topics",
    stats.topics.map((topic) => `- ${inline(topic.name)} (${topic.count})`).join("\n"),
  );
  if (stats.edgeCases.length > 0) {
    sections.push(
      "## Edge cases",
      stats.edgeCases
        .map((edgeCase) => `- ${inline(edgeCase.name)} (${edgeCase.count})`)
        .join("\n"),
    );
  }
  sections.push("## Files", files(input));
  sections.push("## Usage", usage(input));
  sections.push("## Quality", quality(stats, report));
  sections.push(
    "### Manual review sample",
    manualReviewSampleMarkdown(report.manual_review_sample),
  );
  sections.push("## Generation", generation(stats));
  const license = input.license.url
    ? `[${input.license.name}](${input.license.url})`
    : input.license.name;
  sections.push("## License", `${license}. See \`LICENSE\`.`);
  if (input.citation) sections.push("## Citation", `\`\`\`\n${input.citation.trim()}\n\`\`\``);
  return `${sections.join("\n\n")}\n`;
}

const SPLIT_METHODS = {
  stratified: "stratified by tier, deterministic per conversation id",
  hash: "deterministic per conversation id",
  none: "no split",
};

function composition(stats: DatasetStats, splitMethod: DatasetCardInput["splitMethod"]): string {
  const rows = Object.entries(stats.byTier).map(
    ([tier, count]) => `| ${inline(tier)} | ${count} | ${percent(count, stats.total)} |`,
  );
  const splits = (["train", "validation", "test"] as const)
    .filter((split) => stats.bySplit[split] > 0)
    .map((split) => `${split}: ${stats.bySplit[split]}`)
    .join(", ");
  return [
    "| Tier | Conversations | Share |",
    "| --- | --- | --- |",
    ...rows,
    `| **Total** | **${stats.total}** | 100% |`,
    "",
    `Splits (${SPLIT_METHODS[splitMethod]}): ${splits || "none"}.`,
    `Human-edited conversations: ${stats.humanEdited}. Simulated conversations: ${stats.simulated}.`,
  ].join("\n");
}

function consultant(profile: ConsultantProfile): string {
  const lines = [`**${inline(consultantDisplayName(profile))}**`];
  if (profile.expertise) lines.push(`- Expertise: ${inline(profile.expertise)}`);
  if (profile.yearsExperience !== null)
    lines.push(`- Experience: ${profile.yearsExperience} years`);
  if (profile.communicationStyle.tone)
    lines.push(`- Tone: ${inline(profile.communicationStyle.tone)}`);
  if (profile.communicationStyle.techniques.length > 0) {
    lines.push(`- Techniques: ${profile.communicationStyle.techniques.map(inline).join(", ")}`);
  }
  return lines.join("\n");
}

function files(input: DatasetCardInput): string {
  const rows = input.configs.flatMap((config) =>
    config.files.map(
      (file) => `| \`${file.path}\` | ${config.format} | ${file.split} | ${file.rows} |`,
    ),
  );
  const descriptions = input.configs.map(
    (config) => `- **${config.format}**: ${config.description}`,
  );
  return [
    "| File | Config | Split | Rows |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    ...descriptions,
    ...input.extraFiles.map((file) => `- \`${file.path}\`: ${file.description}`),
  ].join("\n");
}

function usage(input: DatasetCardInput): string {
  const [first] = input.configs;
  if (!first) return "This package contains no data files.";
  const hub = input.repoId
    ? `from datasets import load_dataset\n\ndataset = load_dataset("${input.repoId}", "${first.format}")`
    : null;
  const dataFiles = first.files.map((file) => `"${file.split}": "${file.path}"`).join(", ");
  const builder = first.format === "parquet" ? "parquet" : "json";
  const local = `from datasets import load_dataset\n\ndataset = load_dataset("${builder}", data_files={${dataFiles}})`;
  return [
    hub ? `From the Hub:\n\n\`\`\`python\n${hub}\n\`\`\`` : null,
    `From this folder:\n\n\`\`\`python\n${local}\n\`\`\``,
    "Each config is one format of the same conversations: `messages` for TRL / OpenAI / axolotl chat_template, `sharegpt` for LLaMA-Factory, `training_pairs` for per-turn training with emotional context.",
  ]
    .filter((part) => part !== null)
    .join("\n\n");
}

function quality(stats: DatasetStats, report: QualityReport): string {
  const metrics = report.quality_metrics;
  const automated = report.automated_validation;
  const review = report.manual_review;
  return [
    `- Average quality score: ${metrics.avg_quality_score ?? "n/a"}/10 (${metrics.below_threshold} below ${metrics.quality_threshold})`,
    `- Average turns per conversation: ${metrics.avg_turns_per_conversation ?? "n/a"}`,
    `- Average words per turn: ${metrics.avg_words_per_turn ?? "n/a"}`,
    `- Automated checks: ${automated.passed} passed, ${automated.warnings} with warnings, ${automated.failed} failed (of ${automated.total_checked} checked)`,
    `- Human review: ${review.sample_size} reviewed — ${review.approved} approved, ${review.approved_with_notes} approved with notes, ${review.rejected} rejected, ${review.needs_revision} needing revision`,
    "",
    `Details in \`quality-report.json\`.${stats.total > 0 && report.recommendations.length > 0 ? ` Recommendations: ${report.recommendations.map(inline).join("; ")}.` : ""}`,
  ].join("\n");
}

function generation(stats: DatasetStats): string {
  const models = Object.entries(stats.models)
    .map(([model, count]) => `${inline(model)} (${count})`)
    .join(", ");
  return [
    `Generated with Parley. Models: ${models || "not recorded"}.`,
    `Total generation cost: $${stats.costUsd.toFixed(2)} (${stats.inputTokens} input / ${stats.outputTokens} output tokens).`,
  ].join("\n");
}
