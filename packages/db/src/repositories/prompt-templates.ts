// Prompt templates, versioned: editing a template creates a new version and makes it the active
// one; old versions stay, so a conversation can always show the exact template it came from.
import { type Kysely, sql } from "kysely";
import type { Tier } from "../column-values.ts";
import { jsonb } from "../jsonb.ts";
import type { DB, PromptTemplate, TemplateVariable } from "../schema.ts";
import { withTransaction } from "../transaction.ts";
import {
  findScaffolding,
  type ListScaffoldingOptions,
  listScaffolding,
  restoreScaffolding,
  retireScaffolding,
} from "./scaffolding-table.ts";

export interface PromptTemplateFields {
  name: string;
  tier: Tier;
  /** Text with `{{variable}}` placeholders. */
  body: string;
  variables?: TemplateVariable[];
  description?: string;
}

/** Active versions only (one per key) unless `allVersions`; retired keys only if asked. */
export async function listPromptTemplates(
  db: Kysely<DB>,
  options: ListScaffoldingOptions & { allVersions?: boolean; tier?: Tier },
): Promise<PromptTemplate[]> {
  const rows = await listScaffolding(db, "prompt_templates", options);
  return rows.filter(
    (row) => (options.allVersions || row.isActive) && (!options.tier || row.tier === options.tier),
  );
}

export function findPromptTemplate(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<PromptTemplate | undefined> {
  return findScaffolding(db, "prompt_templates", options);
}

/** The active version of a key (a specific one with `version`). */
export function findPromptTemplateByKey(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string; version?: number },
): Promise<PromptTemplate | undefined> {
  return db
    .selectFrom("prompt_templates")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("key", "=", options.key)
    .$if(options.version === undefined, (qb) => qb.where("isActive", "=", true))
    .$if(options.version !== undefined, (qb) => qb.where("version", "=", options.version ?? 0))
    .executeTakeFirst();
}

export function listPromptTemplateVersions(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string },
): Promise<PromptTemplate[]> {
  return db
    .selectFrom("prompt_templates")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("key", "=", options.key)
    .orderBy("version", "desc")
    .execute();
}

/**
 * Saves a template: the first version of a new key, or the next version of an existing one,
 * which becomes the active version.
 */
export async function createPromptTemplateVersion(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string; createdBy?: string | null } & PromptTemplateFields,
): Promise<PromptTemplate> {
  return withTransaction(db, async (trx) => {
    // Serialise concurrent saves of the same key so they get distinct version numbers.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`prompt_templates:${options.workspaceId}:${options.key}`}, 0))`.execute(
      trx,
    );
    const latest = await trx
      .selectFrom("prompt_templates")
      .select((eb) => eb.fn.max("version").as("version"))
      .where("workspaceId", "=", options.workspaceId)
      .where("key", "=", options.key)
      .executeTakeFirst();
    await trx
      .updateTable("prompt_templates")
      .set({ isActive: false })
      .where("workspaceId", "=", options.workspaceId)
      .where("key", "=", options.key)
      .where("isActive", "=", true)
      .execute();
    return trx
      .insertInto("prompt_templates")
      .values({
        workspaceId: options.workspaceId,
        key: options.key,
        version: (latest?.version ?? 0) + 1,
        name: options.name,
        tier: options.tier,
        body: options.body,
        variables: jsonb(options.variables ?? []),
        description: options.description ?? "",
        isActive: true,
        createdBy: options.createdBy ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Makes an older version the active one again (a rollback). */
export async function activatePromptTemplateVersion(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<PromptTemplate | undefined> {
  return withTransaction(db, async (trx) => {
    const template = await findPromptTemplate(trx, options);
    if (!template) return undefined;
    await trx
      .updateTable("prompt_templates")
      .set({ isActive: false })
      .where("workspaceId", "=", options.workspaceId)
      .where("key", "=", template.key)
      .where("isActive", "=", true)
      .execute();
    return trx
      .updateTable("prompt_templates")
      .set({ isActive: true })
      .where("id", "=", template.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export function retirePromptTemplate(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<PromptTemplate | undefined> {
  return retireScaffolding(db, "prompt_templates", options);
}

export function restorePromptTemplate(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<PromptTemplate | undefined> {
  return restoreScaffolding(db, "prompt_templates", options);
}
