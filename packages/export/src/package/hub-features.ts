// The HuggingFace `dataset_info.features` of each data format, for the dataset card. A declared
// feature list must match the files exactly (`datasets` casts to it), so formats whose records
// have open-ended keys (training_pairs, the JSON array) declare none and are inferred instead.
import type { ExportFormatId, ExportOptions } from "../format-registry.ts";
import { RECORD_METADATA_FEATURES } from "../formats/record-metadata.ts";
import { QUALITY_DIMENSIONS_FEATURES } from "../quality-metrics-view.ts";

export type HubFeature =
  | { name: string; dtype: string }
  | { name: string; list: HubFeature[] }
  | { name: string; struct: HubFeature[] };

const metadataFeature: HubFeature = {
  name: "metadata",
  struct: [
    ...RECORD_METADATA_FEATURES.map(({ name, dtype }) => ({ name, dtype })),
    { name: "quality_dimensions", struct: QUALITY_DIMENSIONS_FEATURES },
  ],
};

export function hubFeaturesFor(
  format: ExportFormatId,
  options: ExportOptions,
): HubFeature[] | undefined {
  const withMetadata = options.includeMetadata ?? true;
  const systemKey =
    options.systemPrompt !== undefined && (options.systemMode ?? "include") === "include";
  switch (format) {
    case "messages": {
      const message: HubFeature[] = [
        { name: "role", dtype: "string" },
        { name: "content", dtype: "string" },
      ];
      if ((options.assistantWeights ?? "none") !== "none")
        message.push({ name: "weight", dtype: "int64" });
      return [{ name: "messages", list: message }, ...(withMetadata ? [metadataFeature] : [])];
    }
    case "sharegpt":
      return [
        {
          name: "conversations",
          list: [
            { name: "from", dtype: "string" },
            { name: "value", dtype: "string" },
          ],
        },
        ...(systemKey ? [{ name: "system", dtype: "string" }] : []),
        ...(withMetadata ? [metadataFeature] : []),
      ];
    case "parquet":
      return [
        { name: "id", dtype: "string" },
        { name: "tier", dtype: "string" },
        { name: "status", dtype: "string" },
        { name: "title", dtype: "string" },
        { name: "persona", dtype: "string" },
        { name: "arc", dtype: "string" },
        { name: "topic", dtype: "string" },
        { name: "edge_case", dtype: "string" },
        { name: "document_id", dtype: "string" },
        { name: "chunk_id", dtype: "string" },
        {
          name: "messages",
          list: [
            { name: "role", dtype: "string" },
            { name: "content", dtype: "string" },
          ],
        },
        { name: "num_turns", dtype: "int32" },
        { name: "quality_score", dtype: "float64" },
        { name: "simulated", dtype: "bool" },
        { name: "human_edited", dtype: "bool" },
        { name: "model", dtype: "string" },
        { name: "created_at", dtype: "string" },
      ];
    default:
      return undefined;
  }
}
