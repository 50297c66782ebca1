// Describes how a plan covers the scaffolding: counts per persona, arc, topic and tier, a
// persona × arc matrix for a heatmap, and warnings. Works on any item list, so a plan edited by
// hand can be re-checked.
import { TIERS, type Tier } from "../conversation-schema.ts";
import {
  DEFAULT_PERSONA_BAND,
  type PlanEdgeCase,
  type PlanEntity,
  type PlannedItem,
  type PlanSourceChunk,
  type ShareBand,
} from "./plan-types.ts";

export interface CoverageCount {
  id: string;
  name: string;
  count: number;
  /** count / total, 0 when the plan is empty. */
  share: number;
}

export interface PersonaArcMatrix {
  personas: PlanEntity[];
  arcs: PlanEntity[];
  /** counts[personaIndex][arcIndex]. */
  counts: number[][];
}

export type CoverageWarningCode =
  | "persona_out_of_band"
  | "topic_missing"
  | "arc_missing"
  | "edge_cases_repeated"
  | "edge_cases_missing"
  | "scenario_without_source"
  | "source_topic_mismatch"
  | "unknown_reference";

export interface CoverageWarning {
  code: CoverageWarningCode;
  message: string;
  /** True when items of the plan cannot be generated as planned (e.g. no context to give). */
  blocking: boolean;
}

export interface CoverageReport {
  total: number;
  byTier: Record<Tier, number>;
  byPersona: CoverageCount[];
  byArc: CoverageCount[];
  byTopic: CoverageCount[];
  byEdgeCase: CoverageCount[];
  personaArcMatrix: PersonaArcMatrix;
  /** Scenario items whose chunk is about their topic, out of scenario items with a chunk. */
  scenarioSourceMatches: { matching: number; withSource: number };
  warnings: CoverageWarning[];
}

export interface CoverageReportInput {
  items: readonly PlannedItem[];
  personas: readonly PlanEntity[];
  arcs: readonly PlanEntity[];
  topics: readonly PlanEntity[];
  edgeCases?: readonly PlanEdgeCase[];
  sourceChunks?: readonly PlanSourceChunk[];
  personaBand?: ShareBand;
  /** Extra warnings found while planning (e.g. unknown references), listed first. */
  planningWarnings?: readonly CoverageWarning[];
}

export function buildCoverageReport(input: CoverageReportInput): CoverageReport {
  const { items } = input;
  const total = items.length;
  const edgeCases = input.edgeCases ?? [];
  const chunks = new Map((input.sourceChunks ?? []).map((chunk) => [chunk.id, chunk]));
  const byTier = Object.fromEntries(
    TIERS.map((tier) => [tier, items.filter((item) => item.tier === tier).length]),
  ) as Record<Tier, number>;

  const countBy = (entities: readonly PlanEntity[], idOf: (item: PlannedItem) => string | null) => {
    const counts = new Map<string, number>();
    for (const item of items) {
      const id = idOf(item);
      if (id !== null) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return entities.map((entity) => {
      const count = counts.get(entity.id) ?? 0;
      return { id: entity.id, name: entity.name, count, share: total === 0 ? 0 : count / total };
    });
  };

  const byPersona = countBy(input.personas, (item) => item.personaId);
  const byArc = countBy(input.arcs, (item) => item.arcId);
  const byTopic = countBy(input.topics, (item) => item.topicId);
  const byEdgeCase = countBy(edgeCases, (item) => item.edgeCaseId);

  const personaIndex = new Map(input.personas.map((persona, index) => [persona.id, index]));
  const arcIndex = new Map(input.arcs.map((arc, index) => [arc.id, index]));
  const counts = input.personas.map(() => input.arcs.map(() => 0));
  for (const item of items) {
    const row = personaIndex.get(item.personaId);
    const column = arcIndex.get(item.arcId);
    if (row !== undefined && column !== undefined) {
      const cells = counts[row] as number[];
      cells[column] = (cells[column] ?? 0) + 1;
    }
  }

  const scenarioItems = items.filter((item) => item.tier === "scenario");
  const withSource = scenarioItems.filter((item) => item.sourceChunkId !== null);
  const matching = withSource.filter(
    (item) => chunks.get(item.sourceChunkId as string)?.topicId === item.topicId,
  ).length;

  const warnings: CoverageWarning[] = [...(input.planningWarnings ?? [])];
  const band = input.personaBand ?? DEFAULT_PERSONA_BAND;
  if (total > 0 && input.personas.length > 0) {
    const even = total / input.personas.length;
    // Rounding alone can push a small plan outside the band (5 items over 3 personas is 2/2/1);
    // only counts an even split could not produce are worth a warning.
    const low = Math.min(band.min * even, Math.floor(even));
    const high = Math.max(band.max * even, Math.ceil(even));
    for (const persona of byPersona) {
      if (persona.count < low || persona.count > high) {
        warnings.push({
          code: "persona_out_of_band",
          blocking: false,
          message: `Persona ${persona.name} has ${persona.count} of ${total} conversations (${percent(persona.share)}); expected ${percent(band.min / input.personas.length)}–${percent(band.max / input.personas.length)}`,
        });
      }
    }
  }

  const missingTopics = byTopic.filter((topic) => topic.count === 0);
  if (total > 0 && missingTopics.length > 0) {
    const why =
      total < input.topics.length
        ? ` (${total} conversations cannot cover ${input.topics.length} topics)`
        : "";
    warnings.push({
      code: "topic_missing",
      blocking: false,
      message: `Missing topics: ${missingTopics.map((topic) => topic.name).join(", ")}${why}`,
    });
  }
  const missingArcs = byArc.filter((arc) => arc.count === 0);
  if (total > 0 && missingArcs.length > 0) {
    warnings.push({
      code: "arc_missing",
      blocking: false,
      message: `Emotional arcs not used: ${missingArcs.map((arc) => arc.name).join(", ")}`,
    });
  }

  const edgeItems = items.filter((item) => item.tier === "edge_case");
  const withoutEdgeCase = edgeItems.filter((item) => item.edgeCaseId === null).length;
  if (withoutEdgeCase > 0) {
    warnings.push({
      code: "edge_cases_missing",
      blocking: true,
      message: `${withoutEdgeCase} edge-case conversation${withoutEdgeCase === 1 ? " has" : "s have"} no edge case: define edge cases (with their expected behaviour) or plan fewer edge-case conversations`,
    });
  }
  const distinctEdgeCases = new Set(edgeItems.flatMap((item) => item.edgeCaseId ?? [])).size;
  if (distinctEdgeCases > 0 && distinctEdgeCases < edgeItems.length - withoutEdgeCase) {
    const repeats = edgeItems.length - withoutEdgeCase - distinctEdgeCases;
    warnings.push({
      code: "edge_cases_repeated",
      blocking: false,
      message: `Only ${distinctEdgeCases} edge case${distinctEdgeCases === 1 ? " is" : "s are"} defined for ${edgeItems.length - withoutEdgeCase} edge-case conversations, so ${repeats} repeat one; define more edge cases for variety`,
    });
  }

  const withoutSource = scenarioItems.length - withSource.length;
  if (withoutSource > 0) {
    warnings.push({
      code: "scenario_without_source",
      blocking: true,
      message: `${withoutSource} scenario conversation${withoutSource === 1 ? " has" : "s have"} no source chunk for context: add source chunks or plan fewer scenario conversations`,
    });
  }
  if (withSource.length > matching) {
    warnings.push({
      code: "source_topic_mismatch",
      blocking: false,
      message: `${withSource.length - matching} of ${withSource.length} scenario conversations use a source chunk that is not about their topic`,
    });
  }

  return {
    total,
    byTier,
    byPersona,
    byArc,
    byTopic,
    byEdgeCase,
    personaArcMatrix: {
      personas: input.personas.map(({ id, name }) => ({ id, name })),
      arcs: input.arcs.map(({ id, name }) => ({ id, name })),
      counts,
    },
    scenarioSourceMatches: { matching, withSource: withSource.length },
    warnings,
  };
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}
