// @parley/db: the schema (types and migrations), the repositories every other package reads and
// writes through, the embedded-Postgres launcher, and the reference seed data.
import type { Kysely } from "kysely";
import type { DB } from "./schema.ts";

/** The database handle passed to every repository function (a transaction works too). */
export type Database = Kysely<DB>;

export { betterAuthSchemaOptions } from "./better-auth-schema.ts";
export * from "./column-values.ts";
export { type CreateDbOptions, createDb } from "./create-db.ts";
export {
  type PrepareDatabaseOptions,
  type PreparedDatabase,
  prepareDatabase,
} from "./embedded/prepare-database.ts";
export { findRepoRoot } from "./embedded/repo-root.ts";
export {
  type DatabaseHandle,
  type DatabaseSource,
  type StartDatabaseOptions,
  startDatabase,
} from "./embedded/start-database.ts";
export { jsonb } from "./jsonb.ts";
export {
  listMigrations,
  MigrationError,
  migrateDownOne,
  migrateToEmpty,
  migrateToLatest,
  migrations,
} from "./migrations/index.ts";
export {
  isCheckViolation,
  isDataException,
  isForeignKeyViolation,
  isUniqueViolation,
} from "./postgres-errors.ts";
export * from "./repositories/batch-items/complete-item.ts";
export * from "./repositories/batch-items/fail-item.ts";
export * from "./repositories/batch-items/item-references.ts";
export * from "./repositories/batch-items/mark-item-processing.ts";
export * from "./repositories/batch-items/requeue-items.ts";
export * from "./repositories/batch-outcomes.ts";
export * from "./repositories/batch-presets.ts";
export * from "./repositories/batch-progress.ts";
export * from "./repositories/batch-recount.ts";
export * from "./repositories/batch-settings.ts";
export * from "./repositories/batch-status.ts";
export * from "./repositories/batches.ts";
export * from "./repositories/consultant-profiles.ts";
export * from "./repositories/conversation-archive.ts";
export * from "./repositories/conversation-detail.ts";
export * from "./repositories/conversation-export-stream.ts";
export * from "./repositories/conversation-filter-options.ts";
export type { ConversationFilters } from "./repositories/conversation-filters.ts";
export * from "./repositories/conversation-list.ts";
export * from "./repositories/conversation-readable-ids.ts";
export * from "./repositories/conversation-regenerations.ts";
export * from "./repositories/conversation-signatures.ts";
export {
  archiveConversation,
  type ConversationDetail,
  type ConversationFields,
  type CreateConversationOptions,
  createConversation,
  type EditTurnOptions,
  editConversationTurn,
  findConversation,
  listConversationReviews,
  listConversationVersions,
  listTurnEdits,
  type NewTurn,
  type ReviewConversationOptions,
  reviewConversation,
  type ScaffoldingRef,
  type UpdateConversationQualityOptions,
  type UpdateConversationStatusOptions,
  updateConversationQuality,
  updateConversationStatus,
} from "./repositories/conversations.ts";
export * from "./repositories/dashboard-stats.ts";
export * from "./repositories/edge-cases.ts";
export * from "./repositories/emotional-arcs.ts";
export * from "./repositories/exports.ts";
export * from "./repositories/generation-drafts.ts";
export * from "./repositories/generation-logs.ts";
export * from "./repositories/invitations.ts";
export * from "./repositories/item-leases.ts";
export * from "./repositories/memberships.ts";
export * from "./repositories/personas.ts";
export * from "./repositories/prompt-batches/complete-prompt-item.ts";
export * from "./repositories/prompt-batches/create-prompt-batch.ts";
export * from "./repositories/prompt-batches/prompt-answer-history.ts";
export * from "./repositories/prompt-batches/prompt-results.ts";
export * from "./repositories/prompt-templates.ts";
export * from "./repositories/provider-batch-leases.ts";
export * from "./repositories/provider-batches.ts";
export * from "./repositories/provider-model-lists.ts";
export * from "./repositories/rate-budget-store.ts";
export * from "./repositories/review-queue.ts";
export * from "./repositories/review-samples.ts";
export * from "./repositories/scaffolding.ts";
export type { ListScaffoldingOptions } from "./repositories/scaffolding-table.ts";
export * from "./repositories/source-chunks.ts";
export * from "./repositories/source-documents.ts";
export * from "./repositories/training-topics.ts";
export * from "./repositories/unconfirmed-submissions.ts";
export * from "./repositories/unconsumed-answers.ts";
export * from "./repositories/users.ts";
export * from "./repositories/workspace-secrets.ts";
export * from "./repositories/workspaces.ts";
export {
  isRepositoryError,
  RepositoryError,
  type RepositoryErrorCode,
} from "./repository-error.ts";
export type * from "./schema.ts";
export {
  createSecretCipher,
  type SecretCipher,
  SecretDecryptionError,
  type SecretKeyring,
  secretKeyId,
} from "./secrets/secret-cipher.ts";
export {
  defaultSecretKeyFile,
  parseSecretKey,
  type ResolveSecretCipherOptions,
  resolveSecretCipher,
  type SecretKeyEnv,
  SecretKeyError,
} from "./secrets/secret-key.ts";
export { REFERENCE_CONSULTANT_PROFILE } from "./seed/reference-consultant-profile.ts";
export { REFERENCE_EDGE_CASES } from "./seed/reference-edge-cases.ts";
export { REFERENCE_EMOTIONAL_ARCS } from "./seed/reference-emotional-arcs.ts";
export { REFERENCE_PERSONAS } from "./seed/reference-personas.ts";
export { REFERENCE_TRAINING_TOPICS } from "./seed/reference-training-topics.ts";
export { type SeedResult, seedReferenceScaffolding } from "./seed/seed-reference-scaffolding.ts";
export { withTransaction } from "./transaction.ts";
