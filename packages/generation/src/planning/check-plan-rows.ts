// Checks a plan's rows against the workspace's scaffolding before anything is launched: every
// reference must be one of the workspace's own, not archived, and fit the row's tier. Each bad
// row is reported by its number (1-based, as a person counts them), field and reason, so a plan
// edited by hand can be corrected in one pass.
import { TIERS, type Tier } from "../conversation-schema.ts";
import type { PlanRow, PlanRowInput } from "./plan-file.ts";
import type { PlannedItem } from "./plan-types.ts";

/** One piece of scaffolding a row may name; retired (archived) ones are known but refused. */
export interface PlanReference {
  id: string;
  name: string;
  retired: boolean;
}

export interface PlanReferences {
  personas: readonly PlanReference[];
  arcs: readonly PlanReference[];
  topics: readonly PlanReference[];
  edgeCases: readonly PlanReference[];
  sourceChunks: readonly PlanReference[];
}

export type PlanRowField =
  | "tier"
  | "personaId"
  | "arcId"
  | "topicId"
  | "edgeCaseId"
  | "sourceChunkId";

export interface PlanRowProblem {
  /** 1-based. */
  row: number;
  field: PlanRowField;
  message: string;
}

export interface CheckedPlanRows {
  /** Every row resolved, in order; empty when any row has a problem. */
  rows: PlanRow[];
  problems: PlanRowProblem[];
}

type ReferenceField = Exclude<PlanRowField, "tier">;
type NameField = "persona" | "arc" | "topic" | "edgeCase" | "sourceChunk";

const REFERENCE_FIELDS: readonly {
  field: ReferenceField;
  name: NameField;
  list: keyof PlanReferences;
  label: string;
}[] = [
  { field: "personaId", name: "persona", list: "personas", label: "persona" },
  { field: "arcId", name: "arc", list: "arcs", label: "emotional arc" },
  { field: "topicId", name: "topic", list: "topics", label: "training topic" },
  { field: "edgeCaseId", name: "edgeCase", list: "edgeCases", label: "edge case" },
  { field: "sourceChunkId", name: "sourceChunk", list: "sourceChunks", label: "source chunk" },
];

/** Which tier a reference belongs to, for the two that only one tier takes. */
const TIER_ONLY: Partial<Record<ReferenceField, Tier>> = {
  edgeCaseId: "edge_case",
  sourceChunkId: "scenario",
};

/** "a persona", "an edge case". */
function a(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}

/** Echoed user text is cut short: a message names the value, it does not repeat a paragraph. */
function quoted(value: string): string {
  const short = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return `"${short}"`;
}

export function checkPlanRows(
  rows: readonly PlanRowInput[],
  references: PlanReferences,
): CheckedPlanRows {
  const lookup = Object.fromEntries(
    REFERENCE_FIELDS.map(({ list }) => [
      list,
      new Map(references[list].map((reference) => [reference.id, reference])),
    ]),
  ) as Record<keyof PlanReferences, Map<string, PlanReference>>;
  const problems: PlanRowProblem[] = [];
  const resolved: PlanRow[] = [];

  rows.forEach((row, index) => {
    const number = index + 1;
    const problem = (field: PlanRowField, message: string) =>
      problems.push({ row: number, field, message });
    const tier = (TIERS as readonly string[]).includes(row.tier) ? (row.tier as Tier) : null;
    if (!tier) {
      problem("tier", `${quoted(row.tier)} is not a tier: use ${TIERS.join(", ")}`);
    }
    const picked: Partial<Record<ReferenceField, PlanReference | null>> = {};
    for (const { field, name, list, label } of REFERENCE_FIELDS) {
      const id = row[field]?.trim() || null;
      const onlyFor = TIER_ONLY[field];
      if (id === null) {
        if (!onlyFor) problem(field, `every row needs ${a(label)} (${field})`);
        else if (tier === onlyFor)
          problem(
            field,
            `${a(onlyFor)} row needs ${a(label)} (${field}): choose one, or change the row's tier`,
          );
        picked[field] = null;
        continue;
      }
      if (onlyFor && tier && tier !== onlyFor) {
        problem(
          field,
          `only ${onlyFor} rows take ${a(label)}, and this is ${a(tier)} row: remove the ${label} or change the tier`,
        );
        continue;
      }
      const reference = lookup[list].get(id);
      if (!reference) {
        // The id is not repeated: the row and field point at it, and an id is no use to read.
        problem(field, `no ${label} of this workspace has this id: choose one from the list`);
        continue;
      }
      if (reference.retired) {
        problem(
          field,
          `the ${label} "${reference.name}" is archived: restore it under Scaffolding, or choose another`,
        );
        continue;
      }
      const given = row[name]?.trim();
      if (given && given !== reference.name) {
        problem(
          field,
          `the ${label} is named ${quoted(given)} here but its id is "${reference.name}"'s: change the id to the one you mean (or remove the name)`,
        );
        continue;
      }
      picked[field] = reference;
    }
    if (problems.length > 0 || !tier) return;
    const persona = picked.personaId as PlanReference;
    const arc = picked.arcId as PlanReference;
    const topic = picked.topicId as PlanReference;
    resolved.push({
      tier,
      personaId: persona.id,
      persona: persona.name,
      arcId: arc.id,
      arc: arc.name,
      topicId: topic.id,
      topic: topic.name,
      edgeCaseId: picked.edgeCaseId?.id ?? null,
      edgeCase: picked.edgeCaseId?.name ?? null,
      sourceChunkId: picked.sourceChunkId?.id ?? null,
      sourceChunk: picked.sourceChunkId?.name ?? null,
    });
  });
  return { rows: problems.length > 0 ? [] : resolved, problems };
}

/** The planner's items as plan rows, with the names a person reads them by. */
export function planRowsFromItems(
  items: readonly PlannedItem[],
  references: PlanReferences,
): PlanRow[] {
  const names = (list: readonly PlanReference[]) =>
    new Map(list.map((reference) => [reference.id, reference.name]));
  const personas = names(references.personas);
  const arcs = names(references.arcs);
  const topics = names(references.topics);
  const edgeCases = names(references.edgeCases);
  const chunks = names(references.sourceChunks);
  return items.map((item) => ({
    tier: item.tier,
    personaId: item.personaId,
    persona: personas.get(item.personaId) ?? "",
    arcId: item.arcId,
    arc: arcs.get(item.arcId) ?? "",
    topicId: item.topicId,
    topic: topics.get(item.topicId) ?? "",
    edgeCaseId: item.edgeCaseId,
    edgeCase: item.edgeCaseId === null ? null : (edgeCases.get(item.edgeCaseId) ?? ""),
    sourceChunkId: item.sourceChunkId,
    sourceChunk: item.sourceChunkId === null ? null : (chunks.get(item.sourceChunkId) ?? ""),
  }));
}

/** Checked rows as the planner's items: row i is position i. */
export function plannedItemsFromRows(rows: readonly PlanRow[]): PlannedItem[] {
  return rows.map((row, position) => ({
    position,
    tier: row.tier,
    personaId: row.personaId,
    arcId: row.arcId,
    topicId: row.topicId,
    edgeCaseId: row.edgeCaseId,
    sourceChunkId: row.sourceChunkId,
  }));
}

/**
 * The problems as one message: how many rows are bad, then each (up to `limit`), joined by
 * `separator` ("\n" for a terminal, "; " for a one-line error).
 */
export function describePlanProblems(
  problems: readonly PlanRowProblem[],
  options: { limit?: number; separator?: string } = {},
): string {
  const limit = options.limit ?? problems.length;
  const separator = options.separator ?? "; ";
  const badRows = new Set(problems.map((problem) => problem.row)).size;
  const shown = problems
    .slice(0, limit)
    .map((problem) => `row ${problem.row}, ${problem.field}: ${problem.message}`);
  const more = problems.length - shown.length;
  return [
    `${badRows} row${badRows === 1 ? "" : "s"} of the plan cannot be launched, and nothing is launched or stored until every row can:`,
    ...shown,
    ...(more > 0 ? [`and ${more} more problem${more === 1 ? "" : "s"}`] : []),
  ].join(separator === "\n" ? "\n  " : separator);
}
