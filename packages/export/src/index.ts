// Public surface of export: the conversation record, the formats and their validators, the
// streaming export, the train/validation/test split, dataset packages, archives and Hub push.
// Generic names are prefixed here so they cannot clash with other modules of the package.

export {
  type ConsultantProfile,
  type ConsultantProfileInput,
  consultantDisplayName,
  consultantProfileFromConsultant,
  consultantProfileRecord,
  consultantProfileSchema,
  systemPromptFromProfile,
} from "./consultant-profile.ts";
export {
  conversationStatusSchema as exportConversationStatusSchema,
  createdAtIso,
  type ExportConversation,
  type ExportConversationInput,
  type ExportTurn,
  exportConversationSchema,
  exportTurnSchema,
  orderedTurns,
  parseExportConversation,
  type QualityCheck as ExportQualityCheck,
  type QualityMetrics as ExportQualityMetrics,
  qualityCheckSchema as exportQualityCheckSchema,
  qualityMetricsSchema as exportQualityMetricsSchema,
} from "./export-conversation.ts";
export { ExportError, type ExportErrorReason } from "./export-error.ts";
export {
  type ExportProgress,
  type ExportResult,
  type ExportToStreamOptions,
  exportToStream,
  type SkippedConversation,
} from "./export-to-stream.ts";
export {
  EXPORT_FORMAT_IDS,
  EXPORT_FORMATS,
  type ExportFormatId,
  type ExportOptions,
  getExportFormat,
  isExportFormatId,
} from "./format-registry.ts";
export type { ExportFormat, FormatWriter, WriteOutcome } from "./format-writer.ts";
// Formats
export type {
  ChatTurn,
  SystemPromptOptions,
  SystemPromptSource,
  TranscriptOptions,
} from "./formats/chat-transcript.ts";
export { chatTranscript } from "./formats/chat-transcript.ts";
export {
  CSV_SUMMARY_COLUMNS,
  csvSummaryFormat,
  csvSummaryRow,
  validateCsvSummary,
} from "./formats/csv-summary-format.ts";
export { csvRecord, parseCsv } from "./formats/csv-text.ts";
export {
  type JsonArrayElement,
  jsonArrayFormat,
  toJsonArrayElement,
  validateJsonArray,
  validateJsonArrayElement,
} from "./formats/json-array-format.ts";
export {
  type AssistantWeighting,
  type ChatMessage,
  type MessagesFormatOptions,
  type MessagesRecord,
  type MessagesValidationOptions,
  messagesFormat,
  toMessagesRecord,
  validateMessagesRecord,
} from "./formats/messages-format.ts";
export {
  PARQUET_SCHEMA,
  type ParquetFormatOptions,
  type ParquetRow,
  parquetFormat,
  toParquetRow,
  validateParquetRow,
} from "./formats/parquet-format.ts";
export { type RecordMetadata, recordMetadata } from "./formats/record-metadata.ts";
export {
  type ShareGptFormatOptions,
  type ShareGptMessage,
  type ShareGptRecord,
  shareGptFormat,
  toShareGptRecord,
  validateShareGptRecord,
} from "./formats/sharegpt-format.ts";
export {
  type TrainingPair,
  type TrainingPairsFormatOptions,
  type TrainingPairsRecord,
  toTrainingPairsRecord,
  trainingPairsFormat,
  trainingPairsRecordSchema,
  validateTrainingPairsRecord,
} from "./formats/training-pairs-format.ts";
export { type RecordValidator, validateJsonLines } from "./formats/validate-json-lines.ts";
// HuggingFace Hub
export {
  type HubPushProgress,
  type HubPushResult,
  type PushDatasetToHubOptions,
  pushDatasetToHub,
} from "./hub/push-dataset-to-hub.ts";
export { redactSecret } from "./hub/redact-secret.ts";
export {
  describeExportSelection,
  type ExportSelectionSummary,
  type LeftOutAudience,
  type LeftOutGroup,
  type LeftOutReason,
} from "./left-out.ts";
export type { ArchiveOptions, ArchiveResult } from "./package/archive-entry.ts";
export { tarGzDirectory } from "./package/archive-tar-gz.ts";
export { zipDirectory } from "./package/archive-zip.ts";
// Packages and archives
export {
  type BuildDatasetPackageOptions,
  buildDatasetPackage,
  type DatasetPackage,
  DEFAULT_PACKAGE_FORMATS,
  type PackageFile,
  type PackageSplitOptions,
} from "./package/build-dataset-package.ts";
export {
  type CardConfig,
  type DatasetCardInput,
  renderDatasetCard,
  sizeCategory,
} from "./package/dataset-card.ts";
export {
  DATASET_LICENSE_IDS,
  type DatasetLicenseId,
  licenseSummary,
  licenseText,
} from "./package/dataset-licenses.ts";
export { type DatasetStats, DatasetStatsCollector } from "./package/dataset-stats.ts";
export { type HubFeature, hubFeaturesFor } from "./package/hub-features.ts";
export type {
  ManualReviewSample,
  ManualReviewSampleEntry,
} from "./package/manual-review-sample.ts";
export { listPackageFiles, type PackageFileEntry } from "./package/package-files.ts";
export { buildQualityReport, type QualityReport } from "./package/quality-report.ts";
export {
  type NamedQualityCheck,
  type QualityDimensionsView,
  qualityChecksOf,
  qualityCriteriaOf,
  qualityDimensionsView,
} from "./quality-metrics-view.ts";
export { isApproved, isHumanReviewed, isRejected } from "./review-status.ts";
// Splits
export {
  assignSplit,
  planStratifiedSplit,
  SPLIT_NAMES,
  type SplitCutoffs,
  type SplitItem,
  type SplitName,
  type SplitPlan,
  type SplitRatios,
  splitPlanFromRatios,
  splitQuotas,
  splitRatiosSchema,
} from "./split/split-plan.ts";
export { validateExportFile } from "./validate-export-file.ts";
export type {
  ValidationIssue as ExportValidationIssue,
  ValidationResult as ExportValidationResult,
} from "./validation-issue.ts";
