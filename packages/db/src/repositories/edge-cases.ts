// Pre-defined edge cases: boundary situations with the behaviour the consultant must show.
// Their persona/arc/topic references can only point into the same workspace (composite keys).
import type { Kysely } from "kysely";
import type { DB, EdgeCase } from "../schema.ts";
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

export interface EdgeCaseFields {
  name: string;
  /** What the consultant must do, e.g. "gives the 988 crisis line by turn 2". */
  expectedBehavior: string;
  description?: string;
  category?: string;
  personaId?: string | null;
  arcId?: string | null;
  topicId?: string | null;
}

function edgeCaseColumns(fields: Partial<EdgeCaseFields>) {
  return definedOnly({
    name: fields.name,
    expectedBehavior: fields.expectedBehavior,
    description: fields.description,
    category: fields.category,
    personaId: fields.personaId,
    arcId: fields.arcId,
    topicId: fields.topicId,
  });
}

export function listEdgeCases(
  db: Kysely<DB>,
  options: ListScaffoldingOptions,
): Promise<EdgeCase[]> {
  return listScaffolding(db, "edge_cases", options);
}

export function findEdgeCase(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<EdgeCase | undefined> {
  return findScaffolding(db, "edge_cases", options);
}

export function findEdgeCaseByKey(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string },
): Promise<EdgeCase | undefined> {
  return findScaffoldingByKey(db, "edge_cases", options);
}

export function createEdgeCase(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string } & EdgeCaseFields,
): Promise<EdgeCase> {
  return db
    .insertInto("edge_cases")
    .values({
      workspaceId: options.workspaceId,
      key: options.key,
      name: options.name,
      expectedBehavior: options.expectedBehavior,
      ...edgeCaseColumns(options),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateEdgeCase(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string } & Partial<EdgeCaseFields>,
): Promise<EdgeCase | undefined> {
  return updateScaffolding(db, "edge_cases", options, edgeCaseColumns(options));
}

export function retireEdgeCase(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<EdgeCase | undefined> {
  return retireScaffolding(db, "edge_cases", options);
}

export function restoreEdgeCase(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<EdgeCase | undefined> {
  return restoreScaffolding(db, "edge_cases", options);
}
