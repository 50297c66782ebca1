// Consultant profiles: the assistant persona a dataset trains. One (non-retired) profile per
// workspace is the default the generator and the exporter use.
import type { Kysely } from "kysely";
import { jsonb } from "../jsonb.ts";
import type { ConsultantCommunicationStyle, ConsultantProfile, DB } from "../schema.ts";
import { withTransaction } from "../transaction.ts";
import {
  definedOnly,
  findScaffolding,
  findScaffoldingByKey,
  type ListScaffoldingOptions,
  listScaffolding,
  restoreScaffolding,
  retireScaffolding,
  updateScaffolding,
} from "./scaffolding-table.ts";

export interface ConsultantProfileFields {
  name: string;
  business?: string;
  expertise?: string;
  yearsExperience?: number | null;
  /** Principle → what it means in practice. */
  corePhilosophy?: Record<string, string>;
  communicationStyle?: ConsultantCommunicationStyle;
  systemPrompt?: string;
}

function profileColumns(fields: Partial<ConsultantProfileFields>) {
  return definedOnly({
    name: fields.name,
    business: fields.business,
    expertise: fields.expertise,
    yearsExperience: fields.yearsExperience,
    corePhilosophy: fields.corePhilosophy && jsonb(fields.corePhilosophy),
    communicationStyle: fields.communicationStyle && jsonb(fields.communicationStyle),
    systemPrompt: fields.systemPrompt,
  });
}

export function listConsultantProfiles(
  db: Kysely<DB>,
  options: ListScaffoldingOptions,
): Promise<ConsultantProfile[]> {
  return listScaffolding(db, "consultant_profiles", options);
}

export function findConsultantProfile(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<ConsultantProfile | undefined> {
  return findScaffolding(db, "consultant_profiles", options);
}

export function findConsultantProfileByKey(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string },
): Promise<ConsultantProfile | undefined> {
  return findScaffoldingByKey(db, "consultant_profiles", options);
}

/** The workspace's default profile, or its only/oldest active one when none is marked. */
export function findDefaultConsultantProfile(
  db: Kysely<DB>,
  options: { workspaceId: string },
): Promise<ConsultantProfile | undefined> {
  return db
    .selectFrom("consultant_profiles")
    .selectAll()
    .where("workspaceId", "=", options.workspaceId)
    .where("retiredAt", "is", null)
    .orderBy("isDefault", "desc")
    .orderBy("createdAt")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}

/** Creates a profile; `isDefault` makes it the default in place of the current one. */
export async function createConsultantProfile(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string; isDefault?: boolean } & ConsultantProfileFields,
): Promise<ConsultantProfile> {
  return withTransaction(db, async (trx) => {
    if (options.isDefault) await clearDefault(trx, options.workspaceId);
    return trx
      .insertInto("consultant_profiles")
      .values({
        workspaceId: options.workspaceId,
        key: options.key,
        name: options.name,
        isDefault: options.isDefault ?? false,
        ...profileColumns(options),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export function updateConsultantProfile(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string } & Partial<ConsultantProfileFields>,
): Promise<ConsultantProfile | undefined> {
  return updateScaffolding(db, "consultant_profiles", options, profileColumns(options));
}

/** Makes a profile the workspace default (and no other). */
export async function setDefaultConsultantProfile(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<ConsultantProfile | undefined> {
  return withTransaction(db, async (trx) => {
    const profile = await findConsultantProfile(trx, options);
    if (!profile || profile.retiredAt) return undefined;
    await clearDefault(trx, options.workspaceId);
    return trx
      .updateTable("consultant_profiles")
      .set({ isDefault: true })
      .where("id", "=", profile.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

async function clearDefault(db: Kysely<DB>, workspaceId: string): Promise<void> {
  await db
    .updateTable("consultant_profiles")
    .set({ isDefault: false })
    .where("workspaceId", "=", workspaceId)
    .where("isDefault", "=", true)
    .execute();
}

/** Retiring the default also clears its default flag, so another can take its place. */
export function retireConsultantProfile(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<ConsultantProfile | undefined> {
  return withTransaction(db, async (trx) => {
    const retired = await retireScaffolding(trx, "consultant_profiles", options);
    if (!retired?.isDefault) return retired;
    return trx
      .updateTable("consultant_profiles")
      .set({ isDefault: false })
      .where("id", "=", retired.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export function restoreConsultantProfile(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<ConsultantProfile | undefined> {
  return restoreScaffolding(db, "consultant_profiles", options);
}
