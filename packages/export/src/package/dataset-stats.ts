// Running totals over a dataset as it streams past: composition, quality, review outcomes and
// check results. Memory grows with the number of distinct personas/arcs/topics, never with rows.
import type { ExportConversation } from "../export-conversation.ts";
import { qualityChecksOf } from "../quality-metrics-view.ts";
import { isApproved, isRejected } from "../review-status.ts";
import type { SplitName } from "../split/split-plan.ts";

export interface KeyedCount {
  key: string;
  name: string;
  count: number;
}

export interface ArcCount extends KeyedCount {
  startEmotion: string;
  endEmotion: string;
}

export interface PersonaCount extends KeyedCount {
  description: string;
}

export interface CheckTally {
  passed: number;
  failed: number;
  warnings: number;
}

export interface DatasetStats {
  total: number;
  byTier: Record<string, number>;
  bySplit: Record<SplitName, number>;
  byStatus: Record<string, number>;
  personas: PersonaCount[];
  arcs: ArcCount[];
  topics: KeyedCount[];
  edgeCases: KeyedCount[];
  simulated: number;
  humanEdited: number;
  quality: {
    threshold: number;
    scored: number;
    average: number | null;
    min: number | null;
    max: number | null;
    belowThreshold: number;
  };
  turns: number;
  words: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  models: Record<string, number>;
  checks: Record<string, CheckTally>;
  /** Conversations by their worst check outcome (only those with at least one check). */
  validation: { checked: number; passed: number; failed: number; warnings: number };
  review: {
    approved: number;
    approvedWithNotes: number;
    rejected: number;
    needsRevision: number;
    notes: string[];
  };
}

/** Review notes kept for the report: a sample, not an archive. */
const MAX_REVIEW_NOTES = 20;
/** The synthetic check added from the composite score when the quality step did not record one. */
const QUALITY_SCORE_CHECK = "qualityScore";

export class DatasetStatsCollector {
  #threshold: number;
  #total = 0;
  #byTier = new Map<string, number>();
  #bySplit: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  #byStatus = new Map<string, number>();
  #personas = new Map<string, PersonaCount>();
  #arcs = new Map<string, ArcCount>();
  #topics = new Map<string, KeyedCount>();
  #edgeCases = new Map<string, KeyedCount>();
  #simulated = 0;
  #humanEdited = 0;
  #scored = 0;
  #scoreSum = 0;
  #min: number | null = null;
  #max: number | null = null;
  #belowThreshold = 0;
  #turns = 0;
  #words = 0;
  #costUsd = 0;
  #inputTokens = 0;
  #outputTokens = 0;
  #models = new Map<string, number>();
  #checks = new Map<string, CheckTally>();
  #validation = { checked: 0, passed: 0, failed: 0, warnings: 0 };
  #review = {
    approved: 0,
    approvedWithNotes: 0,
    rejected: 0,
    needsRevision: 0,
    notes: [] as string[],
  };

  /** `qualityThreshold`: scores below it count as warnings (the spec's 7.0). */
  constructor(qualityThreshold = 7) {
    this.#threshold = qualityThreshold;
  }

  add(conversation: ExportConversation, split: SplitName): void {
    this.#total++;
    increment(this.#byTier, conversation.tier);
    this.#bySplit[split]++;
    increment(this.#byStatus, conversation.status);
    const { persona, arc, topic, edgeCase } = conversation;
    const personaCount = this.#personas.get(persona.key) ?? { ...persona, count: 0 };
    personaCount.count++;
    this.#personas.set(persona.key, personaCount);
    const arcCount = this.#arcs.get(arc.key) ?? { ...arc, count: 0 };
    arcCount.count++;
    this.#arcs.set(arc.key, arcCount);
    countKeyed(this.#topics, topic.key, topic.name);
    if (edgeCase) countKeyed(this.#edgeCases, edgeCase.key, edgeCase.name);
    if (conversation.simulated) this.#simulated++;
    if (conversation.isHumanEdited) this.#humanEdited++;

    const score = conversation.qualityScore;
    if (score !== null) {
      this.#scored++;
      this.#scoreSum += score;
      this.#min = this.#min === null ? score : Math.min(this.#min, score);
      this.#max = this.#max === null ? score : Math.max(this.#max, score);
      if (score < this.#threshold) this.#belowThreshold++;
    }

    this.#turns += conversation.turns.length;
    for (const turn of conversation.turns) this.#words += wordCount(turn.content);
    this.#costUsd += conversation.costUsd ?? 0;
    this.#inputTokens += conversation.inputTokens ?? 0;
    this.#outputTokens += conversation.outputTokens ?? 0;
    if (conversation.model) increment(this.#models, conversation.model);

    this.#addChecks(conversation);
    this.#addReview(conversation);
  }

  #addChecks(conversation: ExportConversation): void {
    const checks = qualityChecksOf(conversation.qualityMetrics);
    if (
      conversation.qualityScore !== null &&
      !checks.some((check) => check.name === QUALITY_SCORE_CHECK)
    ) {
      checks.push({
        name: QUALITY_SCORE_CHECK,
        passed: conversation.qualityScore >= this.#threshold,
        severity: "warning",
      });
    }
    if (checks.length === 0) return;
    let failed = false;
    let warned = false;
    for (const check of checks) {
      const tally = this.#checks.get(check.name) ?? { passed: 0, failed: 0, warnings: 0 };
      if (check.passed) tally.passed++;
      else if (check.severity === "error") {
        tally.failed++;
        failed = true;
      } else {
        tally.warnings++;
        warned = true;
      }
      this.#checks.set(check.name, tally);
    }
    this.#validation.checked++;
    if (failed) this.#validation.failed++;
    else if (warned) this.#validation.warnings++;
    else this.#validation.passed++;
  }

  #addReview(conversation: ExportConversation): void {
    const notes = conversation.reviewerNotes?.trim();
    if (isApproved(conversation)) {
      if (notes) this.#review.approvedWithNotes++;
      else this.#review.approved++;
    } else if (isRejected(conversation)) {
      this.#review.rejected++;
    } else if (conversation.status === "needs_revision") {
      this.#review.needsRevision++;
    }
    if (notes && this.#review.notes.length < MAX_REVIEW_NOTES) {
      this.#review.notes.push(
        `${conversation.title || conversation.id}: ${notes.replace(/\s+/g, " ")}`,
      );
    }
  }

  snapshot(): DatasetStats {
    const byCount = <T extends KeyedCount>(values: Iterable<T>) =>
      [...values].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    return {
      total: this.#total,
      byTier: Object.fromEntries(this.#byTier),
      bySplit: { ...this.#bySplit },
      byStatus: Object.fromEntries(this.#byStatus),
      personas: byCount(this.#personas.values()),
      arcs: byCount(this.#arcs.values()),
      topics: byCount(this.#topics.values()),
      edgeCases: byCount(this.#edgeCases.values()),
      simulated: this.#simulated,
      humanEdited: this.#humanEdited,
      quality: {
        threshold: this.#threshold,
        scored: this.#scored,
        average: this.#scored > 0 ? this.#scoreSum / this.#scored : null,
        min: this.#min,
        max: this.#max,
        belowThreshold: this.#belowThreshold,
      },
      turns: this.#turns,
      words: this.#words,
      costUsd: this.#costUsd,
      inputTokens: this.#inputTokens,
      outputTokens: this.#outputTokens,
      models: Object.fromEntries(this.#models),
      checks: Object.fromEntries([...this.#checks].map(([name, tally]) => [name, { ...tally }])),
      validation: { ...this.#validation },
      review: { ...this.#review, notes: [...this.#review.notes] },
    };
  }
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function countKeyed(map: Map<string, KeyedCount>, key: string, name: string): void {
  const entry = map.get(key) ?? { key, name, count: 0 };
  entry.count++;
  map.set(key, entry);
}

function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/).length;
}
