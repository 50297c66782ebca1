// Runs the schema migrations. The provider imports each migration module statically, so the
// set of migrations is fixed at build time and works the same from source, tests and bundles.
import type { Kysely } from "kysely";
import { type Migration, type MigrationResultSet, Migrator, NO_MIGRATIONS } from "kysely/migration";
import * as identityAndWorkspaces from "./2026-11-21-0001-identity-and-workspaces.ts";
import * as scaffolding from "./2026-11-21-0002-scaffolding.ts";
import * as generation from "./2026-11-21-0003-generation.ts";
import * as exportsTable from "./2026-11-21-0004-exports.ts";
import * as conversationTitleIndex from "./2026-11-21-0005-conversation-title-index.ts";
import * as conversationSignatures from "./2026-12-01-0006-conversation-signatures.ts";
import * as reviewAndRegeneration from "./2026-12-01-0007-review-and-regeneration.ts";
import * as authRateLimits from "./2026-12-01-0008-auth-rate-limits.ts";
import * as generationDrafts from "./2026-12-01-0009-generation-drafts.ts";
import * as workspaceSecrets from "./2026-12-01-0010-workspace-secrets.ts";
import * as exportHubPush from "./2026-12-01-0011-export-hub-push.ts";
import * as dropWorkspaceTokenCiphertext from "./2026-12-01-0012-drop-workspace-token-ciphertext.ts";
import * as sealWorkspaceSecrets from "./2026-12-01-0013-seal-workspace-secrets.ts";
import * as itemAttemptsBeforeRetry from "./2026-12-01-0014-item-attempts-before-retry.ts";
import * as providerModelLists from "./2026-12-06-0015-provider-model-lists.ts";
import * as exportSelection from "./2026-12-06-0016-export-selection.ts";
import * as rateBudget from "./2026-12-06-0020-rate-budget.ts";
import * as batchConcurrencyAuto from "./2026-12-06-0021-batch-concurrency-auto.ts";
import * as claimLeases from "./2026-12-06-0030-claim-leases.ts";
import * as sourceDocuments from "./2026-12-06-0100-source-documents.ts";
import * as promptBatches from "./2026-12-06-0120-prompt-batches.ts";
import * as reviewSamples from "./2026-12-06-0130-review-samples.ts";
import * as qualityDimensions from "./2026-12-06-0140-quality-dimensions.ts";
import * as readableConversationIds from "./2026-12-06-0150-readable-conversation-ids.ts";
import * as conversationArchive from "./2026-12-06-0151-conversation-archive.ts";
import * as batchPresets from "./2026-12-06-0152-batch-presets.ts";

/**
 * Names sort in the order they must run; Kysely compares them as strings. Once a migration has
 * run anywhere (a dev cluster under .data/ counts), never edit it: add a new one.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  "2026-11-21-0001-identity-and-workspaces": identityAndWorkspaces,
  "2026-11-21-0002-scaffolding": scaffolding,
  "2026-11-21-0003-generation": generation,
  "2026-11-21-0004-exports": exportsTable,
  "2026-11-21-0005-conversation-title-index": conversationTitleIndex,
  "2026-12-01-0006-conversation-signatures": conversationSignatures,
  "2026-12-01-0007-review-and-regeneration": reviewAndRegeneration,
  "2026-12-01-0008-auth-rate-limits": authRateLimits,
  "2026-12-01-0009-generation-drafts": generationDrafts,
  "2026-12-01-0010-workspace-secrets": workspaceSecrets,
  "2026-12-01-0011-export-hub-push": exportHubPush,
  "2026-12-01-0012-drop-workspace-token-ciphertext": dropWorkspaceTokenCiphertext,
  "2026-12-01-0013-seal-workspace-secrets": sealWorkspaceSecrets,
  "2026-12-01-0014-item-attempts-before-retry": itemAttemptsBeforeRetry,
  "2026-12-06-0015-provider-model-lists": providerModelLists,
  "2026-12-06-0016-export-selection": exportSelection,
  "2026-12-06-0020-rate-budget": rateBudget,
  "2026-12-06-0021-batch-concurrency-auto": batchConcurrencyAuto,
  "2026-12-06-0030-claim-leases": claimLeases,
  "2026-12-06-0100-source-documents": sourceDocuments,
  "2026-12-06-0120-prompt-batches": promptBatches,
  "2026-12-06-0130-review-samples": reviewSamples,
  "2026-12-06-0140-quality-dimensions": qualityDimensions,
  "2026-12-06-0150-readable-conversation-ids": readableConversationIds,
  "2026-12-06-0151-conversation-archive": conversationArchive,
  "2026-12-06-0152-batch-presets": batchPresets,
};

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped schema.
function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({
    // Migrations speak the database's own snake_case, in DDL and in the rows they move.
    db: db.withoutPlugins(),
    provider: { getMigrations: async () => ({ ...migrations }) },
    // Work lands from parallel branches: a migration named before one a database already ran
    // is applied rather than refused (each is independent of its later-named neighbours).
    allowUnorderedMigrations: true,
  });
}

export class MigrationError extends Error {
  readonly results: MigrationResultSet["results"];

  constructor(direction: string, resultSet: MigrationResultSet) {
    const failed = resultSet.results?.find((result) => result.status === "Error");
    const cause =
      resultSet.error instanceof Error ? resultSet.error.message : String(resultSet.error);
    super(
      `Database migration ${direction} failed${failed ? ` at ${failed.migrationName}` : ""}: ${cause}`,
      { cause: resultSet.error },
    );
    this.name = "MigrationError";
    this.results = resultSet.results;
  }
}

function unwrap(direction: string, resultSet: MigrationResultSet): string[] {
  if (resultSet.error) throw new MigrationError(direction, resultSet);
  return (resultSet.results ?? []).map((result) => result.migrationName);
}

/**
 * Brings the schema up to date; safe to call on every start (Kysely takes a lock, so two
 * processes starting together do not race). Returns the names of the migrations it ran.
 */
// biome-ignore lint/suspicious/noExplicitAny: accepts any Kysely instance, typed or not.
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return unwrap("up", await createMigrator(db).migrateToLatest());
}

/** Reverts every migration (tests, and `parley db reset`). Returns the names it reverted. */
// biome-ignore lint/suspicious/noExplicitAny: accepts any Kysely instance, typed or not.
export async function migrateToEmpty(db: Kysely<any>): Promise<string[]> {
  return unwrap("down", await createMigrator(db).migrateTo(NO_MIGRATIONS));
}

/** Reverts the most recent migration. */
// biome-ignore lint/suspicious/noExplicitAny: accepts any Kysely instance, typed or not.
export async function migrateDownOne(db: Kysely<any>): Promise<string[]> {
  return unwrap("down", await createMigrator(db).migrateDown());
}

/** Which migrations have run, and which are pending. */
// biome-ignore lint/suspicious/noExplicitAny: accepts any Kysely instance, typed or not.
export async function listMigrations(db: Kysely<any>) {
  const infos = await createMigrator(db).getMigrations();
  return infos.map((info) => ({ name: info.name, executedAt: info.executedAt ?? null }));
}
