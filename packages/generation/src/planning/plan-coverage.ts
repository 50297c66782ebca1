// Plans a batch: which persona, emotional arc, topic (and source chunk or edge case) each
// conversation gets, balanced and reproducible from a seed, with a coverage report.
//
// How balance is kept: edge-case items are placed first with their own persona/arc/topic, then
// the smaller tiers, then the largest tier (usually template) last: it "absorbs" the imbalance
// the others leave, so the totals come out even while each small tier is even within itself.
// Every choice goes to the least-used option; ties are broken by a seeded shuffle of each list
// (a round-robin in shuffled order).
//   persona: fewest in this tier, then overall (the absorbing tier: overall first);
//   arc:     fewest with this persona, so no persona × arc pair repeats while another arc is
//            unused for that persona; then fewest in the tier / overall as above;
//   topic:   scenario items first prefer topics that have source chunks; the absorbing tier
//            first takes topics not yet covered, so every topic is covered once the count allows.
// Items come out grouped by tier: template, scenario, edge_case.
import { TIERS, type Tier } from "../conversation-schema.ts";
import {
  buildCoverageReport,
  type CoverageReport,
  type CoverageWarning,
} from "./coverage-report.ts";
import type {
  PlanEdgeCase,
  PlanEntity,
  PlannedItem,
  PlanSourceChunk,
  ShareBand,
} from "./plan-types.ts";
import { PlanningError } from "./planning-error.ts";
import { createSeededRandom, type RandomSource, seededShuffle } from "./seeded-random.ts";
import {
  allocateTierCounts,
  assertCount,
  DEFAULT_TIER_SPLIT,
  type TierCounts,
  validateTierCounts,
} from "./tier-allocation.ts";

export interface PlanCoverageInput {
  /** Number of conversations; optional when tierCounts is given. */
  count?: number;
  /** Shares per tier adding up to 1; defaults to 70/20/10. Ignored when tierCounts is given. */
  tierSplit?: Partial<Record<Tier, number>>;
  /** Exact counts per tier instead of a split. */
  tierCounts?: Partial<Record<Tier, number>>;
  personas: readonly PlanEntity[];
  arcs: readonly PlanEntity[];
  topics: readonly PlanEntity[];
  edgeCases?: readonly PlanEdgeCase[];
  sourceChunks?: readonly PlanSourceChunk[];
  seed: string | number;
  /** Persona share band relative to an even share; defaults to 0.75–1.2 (25–40 % of 3). */
  personaBand?: ShareBand;
}

export interface CoveragePlan {
  items: PlannedItem[];
  tierCounts: TierCounts;
  report: CoverageReport;
}

export function planCoverage(input: PlanCoverageInput): CoveragePlan {
  const tierCounts = resolveTierCounts(input);
  const total = tierCounts.template + tierCounts.scenario + tierCounts.edge_case;
  if (total > 0) {
    requireEntities("persona", input.personas);
    requireEntities("emotional arc", input.arcs);
    requireEntities("training topic", input.topics);
  }
  for (const [label, list] of [
    ["persona", input.personas],
    ["emotional arc", input.arcs],
    ["training topic", input.topics],
    ["edge case", input.edgeCases ?? []],
    ["source chunk", input.sourceChunks ?? []],
  ] as const) {
    requireUniqueIds(label, list);
  }

  const random = createSeededRandom(input.seed);
  const planner = new BalancedPicker(input, random);
  const warnings: CoverageWarning[] = [];

  // The largest tier is planned last and balances the totals; ties go to the first in TIERS.
  const absorbing = TIERS.reduce((largest, tier) =>
    tierCounts[tier] > tierCounts[largest] ? tier : largest,
  );
  const planned: Record<Tier, Omit<PlannedItem, "position">[]> = {
    template: [],
    scenario: [],
    edge_case: planEdgeCaseItems(input, tierCounts.edge_case, planner, random, warnings, absorbing),
  };
  for (const tier of ["scenario", "template"] as const) {
    if (tier === absorbing) continue;
    planned[tier] = Array.from({ length: tierCounts[tier] }, () => planner.place(tier, false));
  }
  if (absorbing !== "edge_case") {
    planned[absorbing] = Array.from({ length: tierCounts[absorbing] }, () =>
      planner.place(absorbing, true),
    );
  }

  const items = TIERS.flatMap((tier) => planned[tier]).map((item, position) => ({
    ...item,
    position,
  }));
  const report = buildCoverageReport({
    items,
    personas: input.personas,
    arcs: input.arcs,
    topics: input.topics,
    edgeCases: input.edgeCases,
    sourceChunks: input.sourceChunks,
    personaBand: input.personaBand,
    planningWarnings: warnings,
  });
  return { items, tierCounts, report };
}

function resolveTierCounts(input: PlanCoverageInput): TierCounts {
  if (input.tierCounts) {
    if (input.tierSplit)
      throw new PlanningError("Give either a tier split or tier counts, not both");
    return validateTierCounts(input.tierCounts, input.count);
  }
  if (input.count === undefined) throw new PlanningError("Say how many conversations to plan");
  assertCount(input.count);
  return allocateTierCounts(input.count, input.tierSplit ?? DEFAULT_TIER_SPLIT);
}

function planEdgeCaseItems(
  input: PlanCoverageInput,
  count: number,
  planner: BalancedPicker,
  random: RandomSource,
  warnings: CoverageWarning[],
  absorbing: Tier,
): Omit<PlannedItem, "position">[] {
  const order = seededShuffle(input.edgeCases ?? [], random);
  const known = {
    persona: new Set(input.personas.map((persona) => persona.id)),
    arc: new Set(input.arcs.map((arc) => arc.id)),
    topic: new Set(input.topics.map((topic) => topic.id)),
  };
  const reported = new Set<string>();
  const usable = (
    edgeCase: PlanEdgeCase,
    kind: "persona" | "arc" | "topic",
  ): string | undefined => {
    const id = edgeCase[`${kind}Id`];
    if (id === undefined || id === null) return undefined;
    if (known[kind].has(id)) return id;
    const key = `${edgeCase.id}:${kind}`;
    if (!reported.has(key)) {
      reported.add(key);
      warnings.push({
        code: "unknown_reference",
        blocking: false,
        message: `Edge case "${edgeCase.name}" refers to ${kind} ${id}, which is not among the active ones; a balanced ${kind} was chosen instead`,
      });
    }
    return undefined;
  };

  return Array.from({ length: count }, (_, index) => {
    // Cycle through the shuffled edge cases when more items than edge cases are requested.
    const edgeCase = order.length > 0 ? (order[index % order.length] as PlanEdgeCase) : undefined;
    return planner.place("edge_case", absorbing === "edge_case", {
      personaId: edgeCase ? usable(edgeCase, "persona") : undefined,
      arcId: edgeCase ? usable(edgeCase, "arc") : undefined,
      topicId: edgeCase ? usable(edgeCase, "topic") : undefined,
      edgeCaseId: edgeCase?.id ?? null,
    });
  });
}

interface Pins {
  personaId?: string;
  arcId?: string;
  topicId?: string;
  edgeCaseId: string | null;
}

/** Usage counters and the least-used choice for each dimension. */
class BalancedPicker {
  private readonly personas: string[];
  private readonly arcs: string[];
  private readonly topics: string[];
  private readonly chunks: PlanSourceChunk[];
  private readonly topicsWithChunks: Set<string>;
  private readonly documentOf: Map<string, string>;
  private readonly counts = new Map<string, number>();

  constructor(input: PlanCoverageInput, random: RandomSource) {
    // The shuffled order is the tie-break: equal counts go to whoever comes first here.
    this.personas = seededShuffle(
      input.personas.map((persona) => persona.id),
      random,
    );
    this.arcs = seededShuffle(
      input.arcs.map((arc) => arc.id),
      random,
    );
    this.topics = seededShuffle(
      input.topics.map((topic) => topic.id),
      random,
    );
    this.chunks = seededShuffle(input.sourceChunks ?? [], random);
    this.topicsWithChunks = new Set(this.chunks.flatMap((chunk) => chunk.topicId ?? []));
    this.documentOf = new Map(
      this.chunks.flatMap((chunk) => (chunk.documentId ? [[chunk.id, chunk.documentId]] : [])),
    );
  }

  /** `absorbing`: this tier is planned last and evens out the overall counts. */
  place(
    tier: Tier,
    absorbing: boolean,
    pins: Pins = { edgeCaseId: null },
  ): Omit<PlannedItem, "position"> {
    const balance = (dimension: string, id: string) => {
      const inTier = this.count(`${dimension}@${tier}`, id);
      const overall = this.count(dimension, id);
      return absorbing ? [overall, inTier] : [inTier, overall];
    };
    const personaId = pins.personaId ?? pickLeast(this.personas, (id) => balance("persona", id));
    const arcId =
      pins.arcId ??
      pickLeast(this.arcs, (id) => [
        this.count("persona×arc", `${personaId}|${id}`),
        ...balance("arc", id),
      ]);
    const wantsChunk = tier === "scenario" && this.topicsWithChunks.size > 0;
    const topicId =
      pins.topicId ??
      pickLeast(this.topics, (id) => [
        absorbing && this.count("topic", id) > 0 ? 1 : 0,
        wantsChunk && !this.topicsWithChunks.has(id) ? 1 : 0,
        ...balance("topic", id),
        this.count("persona×topic", `${personaId}|${id}`),
      ]);
    const sourceChunkId = tier === "scenario" ? this.pickChunk(topicId) : null;

    for (const [dimension, id] of [
      ["persona", personaId],
      ["arc", arcId],
      ["topic", topicId],
    ] as const) {
      this.bump(dimension, id);
      this.bump(`${dimension}@${tier}`, id);
    }
    this.bump("persona×arc", `${personaId}|${arcId}`);
    this.bump("persona×topic", `${personaId}|${topicId}`);
    if (sourceChunkId !== null) {
      this.bump("chunk", sourceChunkId);
      this.bump("document", this.documentOf.get(sourceChunkId) ?? sourceChunkId);
    }

    return { tier, personaId, arcId, topicId, sourceChunkId, edgeCaseId: pins.edgeCaseId };
  }

  /**
   * A chunk about the topic if there is one, else a topic-less chunk, else any; from the least
   * used document (a hand-typed chunk is its own), then the least used chunk in it, so a long
   * document does not crowd out the short ones.
   */
  private pickChunk(topicId: string): string | null {
    if (this.chunks.length === 0) return null;
    const chunk = pickLeast(this.chunks, (candidate) => [
      candidate.topicId === topicId ? 0 : candidate.topicId ? 2 : 1,
      this.count("document", this.documentOf.get(candidate.id) ?? candidate.id),
      this.count("chunk", candidate.id),
    ]);
    return chunk.id;
  }

  private count(dimension: string, id: string): number {
    return this.counts.get(`${dimension}:${id}`) ?? 0;
  }

  private bump(dimension: string, id: string): void {
    const key = `${dimension}:${id}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

/** The first candidate with the lexicographically smallest key (order breaks ties). */
function pickLeast<T>(candidates: readonly T[], key: (candidate: T) => number[]): T {
  let best = candidates[0] as T;
  let bestKey = key(best);
  for (const candidate of candidates.slice(1)) {
    const candidateKey = key(candidate);
    if (compareKeys(candidateKey, bestKey) < 0) {
      best = candidate;
      bestKey = candidateKey;
    }
  }
  return best;
}

function compareKeys(a: number[], b: number[]): number {
  for (let index = 0; index < a.length; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function requireEntities(label: string, list: readonly PlanEntity[]): void {
  if (list.length === 0)
    throw new PlanningError(`Add at least one ${label} before planning conversations`);
}

function requireUniqueIds(label: string, list: readonly { id: string }[]): void {
  const seen = new Set<string>();
  for (const entity of list) {
    if (seen.has(entity.id)) throw new PlanningError(`The ${label} ${entity.id} is listed twice`);
    seen.add(entity.id);
  }
}
