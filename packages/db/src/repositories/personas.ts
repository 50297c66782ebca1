// Client personas: who the user side of a conversation is.
import type { Kysely } from "kysely";
import { jsonb } from "../jsonb.ts";
import type { DB, Persona } from "../schema.ts";
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

export interface PersonaFields {
  name: string;
  archetype?: string;
  description?: string;
  background?: string;
  traits?: string[];
  demographics?: Record<string, string | number>;
  communicationStyle?: string;
  concerns?: string[];
}

function personaColumns(fields: Partial<PersonaFields>) {
  return definedOnly({
    name: fields.name,
    archetype: fields.archetype,
    description: fields.description,
    background: fields.background,
    traits: fields.traits && jsonb(fields.traits),
    demographics: fields.demographics && jsonb(fields.demographics),
    communicationStyle: fields.communicationStyle,
    concerns: fields.concerns && jsonb(fields.concerns),
  });
}

export function listPersonas(db: Kysely<DB>, options: ListScaffoldingOptions): Promise<Persona[]> {
  return listScaffolding(db, "personas", options);
}

export function findPersona(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<Persona | undefined> {
  return findScaffolding(db, "personas", options);
}

export function findPersonaByKey(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string },
): Promise<Persona | undefined> {
  return findScaffoldingByKey(db, "personas", options);
}

export function createPersona(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string } & PersonaFields,
): Promise<Persona> {
  return db
    .insertInto("personas")
    .values({
      workspaceId: options.workspaceId,
      key: options.key,
      name: options.name,
      ...personaColumns(options),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updatePersona(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string } & Partial<PersonaFields>,
): Promise<Persona | undefined> {
  return updateScaffolding(db, "personas", options, personaColumns(options));
}

export function retirePersona(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<Persona | undefined> {
  return retireScaffolding(db, "personas", options);
}

export function restorePersona(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<Persona | undefined> {
  return restoreScaffolding(db, "personas", options);
}
