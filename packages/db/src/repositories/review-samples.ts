// Review samples (the spec's manual review protocol): draw a seeded, tier-stratified sample of a
// batch's conversations, record each sampled conversation's checklist and verdict, and read a
// sample back with its result. A verdict is also the conversation's review decision: APPROVED and
// APPROVED WITH NOTES approve it, REJECT rejects it, in the same transaction and review history.
import { randomBytes } from "node:crypto";
import {
  type ChecklistAnswers,
  drawReviewSample,
  type ReviewSampleResult,
  SAMPLE_VERDICT_LABELS,
  type SampleSizeRequest,
  type SampleVerdict,
  summariseReviewSample,
  verdictProblem,
} from "@parley/generation";
import type { Kysely } from "kysely";
import type { ConversationStatus, Tier } from "../column-values.ts";
import { jsonb } from "../jsonb.ts";
import { RepositoryError } from "../repository-error.ts";
import type { DB } from "../schema.ts";
import { withTransaction } from "../transaction.ts";
import { type ConversationFilters, conversationFilterExpression } from "./conversation-filters.ts";
import { reviewConversation } from "./conversations.ts";

/** Conversations a person can review: generated, and neither replaced nor failed. */
export const SAMPLEABLE_STATUSES = [
  "generated",
  "pending_review",
  "needs_revision",
  "approved",
  "rejected",
] as const satisfies readonly ConversationStatus[];

export interface CreateReviewSampleOptions {
  workspaceId: string;
  batchId: string;
  /** Unset: a random one, stored and shown, so the draw can be repeated. */
  seed?: string;
  request: SampleSizeRequest;
  createdBy?: string | null;
}

export interface ReviewSampleSummary {
  id: string;
  batchId: string;
  seed: string;
  rate: number | null;
  requestedSize: number | null;
  size: number;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
  result: ReviewSampleResult;
}

export interface ReviewSampleItemView {
  id: string;
  position: number;
  conversationId: string;
  tier: Tier;
  title: string;
  conversationStatus: ConversationStatus;
  qualityScore: number | null;
  verdict: SampleVerdict | null;
  checklist: ChecklistAnswers | null;
  notes: string;
  reviewedBy: string | null;
  reviewerName: string | null;
  reviewedAt: Date | null;
}

export interface ReviewSampleView extends ReviewSampleSummary {
  items: ReviewSampleItemView[];
}

export async function createReviewSample(
  db: Kysely<DB>,
  options: CreateReviewSampleOptions,
): Promise<ReviewSampleView> {
  const seed = options.seed ?? randomBytes(4).toString("hex");
  const sampleId = await withTransaction(db, async (trx) => {
    const batch = await trx
      .selectFrom("batch_jobs")
      .select("id")
      .where("workspaceId", "=", options.workspaceId)
      .where("id", "=", options.batchId)
      .executeTakeFirst();
    if (!batch) throw new RepositoryError("not_found", "The batch does not exist");
    const candidates = await trx
      .selectFrom("conversations")
      .select(["id as conversationId", "tier"])
      .where("workspaceId", "=", options.workspaceId)
      .where("batchId", "=", options.batchId)
      .where("status", "in", SAMPLEABLE_STATUSES)
      .execute();
    const drawn = drawReviewSample(candidates, options.request, seed);
    if (drawn.length === 0) {
      throw new RepositoryError(
        "invalid_input",
        "The batch has no generated conversations to sample yet; draw a sample once some have been generated",
      );
    }
    const sample = await trx
      .insertInto("review_samples")
      .values({
        workspaceId: options.workspaceId,
        batchId: options.batchId,
        seed,
        rate: "rate" in options.request ? options.request.rate : null,
        requestedSize: "size" in options.request ? options.request.size : null,
        size: drawn.length,
        createdBy: options.createdBy ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("review_sample_items")
      .values(
        drawn.map((item) => ({
          workspaceId: options.workspaceId,
          sampleId: sample.id,
          conversationId: item.conversationId,
          tier: item.tier,
          position: item.position,
        })),
      )
      .execute();
    return sample.id;
  });
  const view = await findReviewSample(db, { workspaceId: options.workspaceId, sampleId });
  if (!view) throw new RepositoryError("not_found", "The sample does not exist");
  return view;
}

async function loadItems(
  db: Kysely<DB>,
  workspaceId: string,
  sampleIds: readonly string[],
): Promise<(ReviewSampleItemView & { sampleId: string })[]> {
  if (sampleIds.length === 0) return [];
  const rows = await db
    .selectFrom("review_sample_items")
    .innerJoin("conversations", (join) =>
      join
        .onRef("conversations.id", "=", "review_sample_items.conversationId")
        .onRef("conversations.workspaceId", "=", "review_sample_items.workspaceId"),
    )
    .leftJoin("users", "users.id", "review_sample_items.reviewedBy")
    .select([
      "review_sample_items.id",
      "review_sample_items.sampleId",
      "review_sample_items.position",
      "review_sample_items.conversationId",
      "review_sample_items.tier",
      "conversations.title",
      "conversations.status as conversationStatus",
      "conversations.qualityScore",
      "review_sample_items.verdict",
      "review_sample_items.checklist",
      "review_sample_items.notes",
      "review_sample_items.reviewedBy",
      "users.name as reviewerName",
      "review_sample_items.reviewedAt",
    ])
    .where("review_sample_items.workspaceId", "=", workspaceId)
    .where("review_sample_items.sampleId", "in", sampleIds)
    .orderBy("review_sample_items.position")
    .execute();
  return rows.map((row) => ({ ...row, reviewerName: row.reviewerName ?? null }));
}

function sampleQuery(db: Kysely<DB>, workspaceId: string) {
  return db
    .selectFrom("review_samples")
    .leftJoin("users", "users.id", "review_samples.createdBy")
    .select([
      "review_samples.id",
      "review_samples.batchId",
      "review_samples.seed",
      "review_samples.rate",
      "review_samples.requestedSize",
      "review_samples.size",
      "review_samples.createdBy",
      "users.name as createdByName",
      "review_samples.createdAt",
    ])
    .where("review_samples.workspaceId", "=", workspaceId);
}

export async function findReviewSample(
  db: Kysely<DB>,
  options: { workspaceId: string; sampleId: string },
): Promise<ReviewSampleView | undefined> {
  const sample = await sampleQuery(db, options.workspaceId)
    .where("review_samples.id", "=", options.sampleId)
    .executeTakeFirst();
  if (!sample) return undefined;
  const items = await loadItems(db, options.workspaceId, [sample.id]);
  return {
    ...sample,
    createdByName: sample.createdByName ?? null,
    result: summariseReviewSample(items),
    items: items.map(({ sampleId: _sampleId, ...item }) => item),
  };
}

/** Every sample of a batch, newest first, each with its result (without the items). */
export async function listReviewSamples(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string },
): Promise<ReviewSampleSummary[]> {
  const samples = await sampleQuery(db, options.workspaceId)
    .where("review_samples.batchId", "=", options.batchId)
    .orderBy("review_samples.createdAt", "desc")
    .orderBy("review_samples.id", "desc")
    .execute();
  const items = await loadItems(
    db,
    options.workspaceId,
    samples.map((sample) => sample.id),
  );
  return samples.map((sample) => ({
    ...sample,
    createdByName: sample.createdByName ?? null,
    result: summariseReviewSample(items.filter((item) => item.sampleId === sample.id)),
  }));
}

/** The batch's newest sample with its items, or undefined when it was never sampled. */
export async function findLatestReviewSample(
  db: Kysely<DB>,
  options: { workspaceId: string; batchId: string },
): Promise<ReviewSampleView | undefined> {
  const latest = await db
    .selectFrom("review_samples")
    .select("id")
    .where("workspaceId", "=", options.workspaceId)
    .where("batchId", "=", options.batchId)
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return latest
    ? findReviewSample(db, { workspaceId: options.workspaceId, sampleId: latest.id })
    : undefined;
}

export interface RecordSampleVerdictOptions {
  workspaceId: string;
  /** The conversation's place in the batch's newest sample is the one reviewed. */
  batchId: string;
  conversationId: string;
  /** Validated by the caller against the checklist (checklistAnswersSchema). */
  checklist: ChecklistAnswers;
  verdict: SampleVerdict;
  notes: string;
  reviewerId?: string | null;
}

/**
 * Records (or corrects) one sampled conversation's review. The conversation's own decision
 * follows in the same transaction, unless it has been replaced (archived) since it was drawn.
 */
export async function recordSampleVerdict(
  db: Kysely<DB>,
  options: RecordSampleVerdictOptions,
): Promise<ReviewSampleItemView> {
  const problem = verdictProblem(options.checklist, options.verdict, options.notes);
  if (problem) throw new RepositoryError("invalid_input", problem);
  const { sampleId } = await withTransaction(db, async (trx) => {
    const latest = await trx
      .selectFrom("review_samples")
      .select("id")
      .where("workspaceId", "=", options.workspaceId)
      .where("batchId", "=", options.batchId)
      .orderBy("createdAt", "desc")
      .orderBy("id", "desc")
      .executeTakeFirst();
    if (!latest) {
      throw new RepositoryError("not_found", "The batch has no review sample yet; draw one first");
    }
    const item = await trx
      .selectFrom("review_sample_items")
      .innerJoin("conversations", (join) =>
        join
          .onRef("conversations.id", "=", "review_sample_items.conversationId")
          .onRef("conversations.workspaceId", "=", "review_sample_items.workspaceId"),
      )
      .select([
        "review_sample_items.id",
        "review_sample_items.sampleId",
        "review_sample_items.conversationId",
        "conversations.status",
      ])
      .where("review_sample_items.workspaceId", "=", options.workspaceId)
      .where("review_sample_items.sampleId", "=", latest.id)
      .where("review_sample_items.conversationId", "=", options.conversationId)
      .forUpdate()
      .executeTakeFirst();
    if (!item) {
      throw new RepositoryError(
        "not_found",
        "The conversation is not in the batch's latest review sample",
      );
    }
    await trx
      .updateTable("review_sample_items")
      .set({
        verdict: options.verdict,
        checklist: jsonb(options.checklist),
        notes: options.notes.trim(),
        reviewedBy: options.reviewerId ?? null,
        reviewedAt: new Date(),
      })
      .where("id", "=", item.id)
      .execute();
    if (item.status !== "archived") {
      const label = SAMPLE_VERDICT_LABELS[options.verdict];
      await reviewConversation(trx, {
        workspaceId: options.workspaceId,
        conversationId: item.conversationId,
        action: options.verdict === "rejected" ? "reject" : "approve",
        notes: `Review sample: ${label}${options.notes.trim() ? ` — ${options.notes.trim()}` : ""}`,
        reviewerId: options.reviewerId ?? null,
      });
    }
    return item;
  });
  const items = await loadItems(db, options.workspaceId, [sampleId]);
  const updated = items.find((item) => item.conversationId === options.conversationId);
  if (!updated) throw new RepositoryError("not_found", "The sampled conversation does not exist");
  const { sampleId: _sampleId, ...view } = updated;
  return view;
}

export interface BatchReviewSample extends ReviewSampleSummary {
  batchName: string;
}

/**
 * The newest sample of every batch an export's selection draws from (near-duplicates left out
 * unless asked for, as the export does), oldest batch first: the package's quality report shows
 * each one's result.
 */
export async function listLatestReviewSamplesForExport(
  db: Kysely<DB>,
  options: { workspaceId: string; filters?: ConversationFilters },
): Promise<BatchReviewSample[]> {
  const filters = {
    ...options.filters,
    includeDuplicates: options.filters?.includeDuplicates ?? false,
  };
  const latest = await db
    .selectFrom("review_samples")
    .innerJoin("batch_jobs", "batch_jobs.id", "review_samples.batchId")
    .select(["review_samples.id", "review_samples.batchId", "batch_jobs.name as batchName"])
    .distinctOn("review_samples.batchId")
    .where("review_samples.workspaceId", "=", options.workspaceId)
    .where("review_samples.batchId", "in", (eb) =>
      eb
        .selectFrom("conversations")
        .select("conversations.batchId")
        .where((inner) => conversationFilterExpression(inner, options.workspaceId, filters))
        .where("conversations.batchId", "is not", null)
        .$narrowType<{ batchId: string }>(),
    )
    .orderBy("review_samples.batchId")
    .orderBy("review_samples.createdAt", "desc")
    .orderBy("review_samples.id", "desc")
    .execute();
  const views = await Promise.all(
    latest.map(async (row) => {
      const view = await findReviewSample(db, {
        workspaceId: options.workspaceId,
        sampleId: row.id,
      });
      if (!view) return undefined;
      const { items: _items, ...summary } = view;
      return { ...summary, batchName: row.batchName };
    }),
  );
  return views
    .filter((view): view is BatchReviewSample => view !== undefined)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}
