// Emotional arcs: the journey the user side travels during a conversation (start → end emotion).
import type { Kysely } from "kysely";
import type { ArcType } from "../column-values.ts";
import { jsonb } from "../jsonb.ts";
import type { DB, EmotionalArc } from "../schema.ts";
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

export interface EmotionalArcFields {
  name: string;
  startEmotion: string;
  endEmotion: string;
  /** `edge_case` arcs (e.g. crisis → referral) are only used by pre-defined edge cases. */
  arcType?: ArcType;
  intermediateEmotions?: string[];
  description?: string;
}

function arcColumns(fields: Partial<EmotionalArcFields>) {
  return definedOnly({
    name: fields.name,
    startEmotion: fields.startEmotion,
    endEmotion: fields.endEmotion,
    arcType: fields.arcType,
    intermediateEmotions: fields.intermediateEmotions && jsonb(fields.intermediateEmotions),
    description: fields.description,
  });
}

export function listEmotionalArcs(
  db: Kysely<DB>,
  options: ListScaffoldingOptions,
): Promise<EmotionalArc[]> {
  return listScaffolding(db, "emotional_arcs", options);
}

export function findEmotionalArc(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<EmotionalArc | undefined> {
  return findScaffolding(db, "emotional_arcs", options);
}

export function findEmotionalArcByKey(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string },
): Promise<EmotionalArc | undefined> {
  return findScaffoldingByKey(db, "emotional_arcs", options);
}

export function createEmotionalArc(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string } & EmotionalArcFields,
): Promise<EmotionalArc> {
  return db
    .insertInto("emotional_arcs")
    .values({
      workspaceId: options.workspaceId,
      key: options.key,
      name: options.name,
      startEmotion: options.startEmotion,
      endEmotion: options.endEmotion,
      ...arcColumns(options),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateEmotionalArc(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string } & Partial<EmotionalArcFields>,
): Promise<EmotionalArc | undefined> {
  return updateScaffolding(db, "emotional_arcs", options, arcColumns(options));
}

export function retireEmotionalArc(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<EmotionalArc | undefined> {
  return retireScaffolding(db, "emotional_arcs", options);
}

export function restoreEmotionalArc(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<EmotionalArc | undefined> {
  return restoreScaffolding(db, "emotional_arcs", options);
}
