// The closed sets of values that status, tier, format and role columns may hold, each listed once.
// The migrations enforce them with CHECK constraints (frozen copies, as a migration must not change);
// every other package builds its zod enums and TypeScript unions from these same arrays.

export const TIERS = ["template", "scenario", "edge_case"] as const;
export type Tier = (typeof TIERS)[number];

export const MEMBERSHIP_ROLES = ["owner", "admin", "reviewer", "viewer"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/** `core` arcs are used for every tier; `edge_case` arcs only by pre-defined edge cases. */
export const ARC_TYPES = ["core", "edge_case"] as const;
export type ArcType = (typeof ARC_TYPES)[number];

export const TEMPLATE_VARIABLE_TYPES = ["text", "number", "dropdown"] as const;
export type TemplateVariableType = (typeof TEMPLATE_VARIABLE_TYPES)[number];

export const BATCH_STATUSES = [
  "queued",
  "processing",
  "paused",
  "completed",
  "failed",
  "cancelled",
] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** Which moves between batch statuses make sense; `updateBatchStatus` refuses the others. */
export const BATCH_STATUS_TRANSITIONS: Readonly<Record<BatchStatus, readonly BatchStatus[]>> = {
  queued: ["processing", "paused", "cancelled", "failed"],
  processing: ["paused", "completed", "failed", "cancelled"],
  paused: ["processing", "queued", "cancelled", "failed"],
  // Retrying failed items re-opens a finished batch.
  completed: ["processing"],
  failed: ["processing"],
  cancelled: [],
};

export const BATCH_PRIORITIES = ["high", "normal", "low"] as const;
export type BatchPriority = (typeof BATCH_PRIORITIES)[number];

export const PROVIDER_MODES = ["realtime", "message_batches"] as const;
export type ProviderMode = (typeof PROVIDER_MODES)[number];

/** `continue`, `stop`, or `threshold:N` (stop once N items have failed). */
export type ErrorStrategy = "continue" | "stop" | `threshold:${number}`;
export const ERROR_STRATEGY_PATTERN = /^(continue|stop|threshold:[0-9]+)$/;

export const BATCH_ITEM_STATUSES = [
  "queued",
  "processing",
  "succeeded",
  "failed",
  "cancelled",
] as const;
export type BatchItemStatus = (typeof BATCH_ITEM_STATUSES)[number];

export const PROVIDER_BATCH_STATUSES = [
  "submitting",
  "in_progress",
  "canceling",
  "ended",
  "failed",
] as const;
export type ProviderBatchStatus = (typeof PROVIDER_BATCH_STATUSES)[number];

export const CONVERSATION_STATUSES = [
  "draft",
  "generating",
  "generated",
  "pending_review",
  "approved",
  "rejected",
  "needs_revision",
  "failed",
  "archived",
] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const TURN_ROLES = ["user", "assistant", "system"] as const;
export type TurnRole = (typeof TURN_ROLES)[number];

export const REVIEW_ACTIONS = ["approve", "reject", "needs_revision", "comment"] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** The conversation status each review action leads to; a comment leaves it unchanged. */
export const REVIEW_ACTION_STATUS: Readonly<Record<ReviewAction, ConversationStatus | null>> = {
  approve: "approved",
  reject: "rejected",
  needs_revision: "needs_revision",
  comment: null,
};

export const GENERATION_LOG_STATUSES = ["succeeded", "failed"] as const;
export type GenerationLogStatus = (typeof GENERATION_LOG_STATUSES)[number];

/** What a provider call was for: writing a conversation, or an LLM judge scoring one. */
export const GENERATION_LOG_PURPOSES = ["generation", "judge"] as const;
export type GenerationLogPurpose = (typeof GENERATION_LOG_PURPOSES)[number];

/** Every export format's id; @parley/export's format registry has one writer for each. */
export const EXPORT_FORMAT_IDS = [
  "messages",
  "sharegpt",
  "training_pairs",
  "json",
  "csv",
  "parquet",
] as const;
export type ExportFormatId = (typeof EXPORT_FORMAT_IDS)[number];

/** A single generation's draft: queued, run by a worker, then saved as a conversation or not. */
export const GENERATION_DRAFT_STATUSES = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "saved",
] as const;
export type GenerationDraftStatus = (typeof GENERATION_DRAFT_STATUSES)[number];

export const EXPORT_STATUSES = ["queued", "running", "completed", "failed"] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** Scaffolding keys are slugs so they survive in URLs, CLI flags and seed files. */
export const SCAFFOLDING_KEY_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,99}$/;

/** What a batch's items are: planned conversations, or the user's own prompts answered one by one. */
export const BATCH_KINDS = ["conversations", "prompts"] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];
