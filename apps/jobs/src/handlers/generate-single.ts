// Runs one single generation (the web app's "Generate"): builds the request from the draft's
// scaffolding, template and values, calls the provider exactly as batch items do (every attempt
// in generation_logs), scores it, and stores the result on the draft for the page to show.
// Safe to run twice: a draft that is already finished is left alone.
import {
  claimGenerationDraft,
  completeGenerationDraft,
  type Database,
  failGenerationDraft,
} from "@parley/db";
import {
  assessQuality,
  type ConversationProvider,
  isAppError,
  isProviderError,
} from "@parley/generation";
import {
  JOBS,
  notifyBatchChanged,
  parsePayload,
  type SingleGenerationInput,
  type SingleGenerationResult,
  singleGenerationInputSchema,
} from "@parley/queue";
import type { Job } from "pg-boss";
import { heuristicQuality, qualityVerdict } from "./judge-item.ts";
import { recordAttempt } from "./record-attempt.ts";
import { buildScaffoldedRequest } from "./scaffolded-request.ts";

export interface GenerateSingleDeps {
  db: Database;
  provider: ConversationProvider;
  log: (message: string) => void;
}

const RETRY_LIMIT = JOBS["generation.single"].queue.retryLimit;

export async function handleGenerateSingle(
  deps: GenerateSingleDeps,
  job: Job<unknown>,
): Promise<void> {
  const { db } = deps;
  const payload = parsePayload("generation.single", job.data);
  const ref = { workspaceId: payload.workspaceId, draftId: payload.draftId };
  const draft = await claimGenerationDraft(db, ref);
  if (!draft) return;
  // The page listens on the draft's id (the same LISTEN/NOTIFY channel as batch progress).
  await notifyBatchChanged(db, draft.id);

  try {
    const input = singleGenerationInputSchema.parse(draft.input);
    const built = await buildSingleRequest(db, payload.workspaceId, input);
    const started = Date.now();
    const result = await deps.provider.generateConversation(built.request, {
      signal: job.signal,
      onAttempt: (attempt) =>
        recordAttempt(db, attempt, { workspaceId: payload.workspaceId, tier: input.tier }),
    });
    const scored = heuristicQuality({
      conversation: result.conversation,
      context: built.qualityContext,
      assessment: assessQuality(result.conversation, built.qualityContext, { threshold: 7 }),
      threshold: 7,
    });
    // A draft is not in the near-duplicate index until it is saved, so uniqueness reads 10 here.
    const verdict = qualityVerdict(scored, null);
    const quality = {
      score: verdict.qualityScore,
      needsReview: verdict.needsReview,
      metrics: scored.metrics,
      dimensions: verdict.qualityDimensions,
    };
    const stored: SingleGenerationResult = {
      conversation: result.conversation,
      quality,
      brief: built.request.brief as unknown as Record<string, unknown>,
      consultantProfileId: built.consultantProfileId,
      promptTemplateId: input.templateId,
      simulated: result.simulated,
      model: result.model,
      usage: result.usage,
      costUsd: result.costUsd,
      durationMs: Date.now() - started,
    };
    await completeGenerationDraft(db, {
      ...ref,
      result: stored as unknown as Record<string, unknown>,
    });
  } catch (error) {
    const retryable = isProviderError(error) ? error.retryable : !isAppError(error);
    const requeue = !job.signal.aborted && retryable && job.retryCount < RETRY_LIMIT;
    await failGenerationDraft(db, {
      ...ref,
      requeue: requeue || job.signal.aborted,
      error: error instanceof Error ? error.message : String(error),
      errorCode: isProviderError(error)
        ? error.code
        : isAppError(error)
          ? error.code.toLowerCase()
          : "internal_error",
    });
    await notifyBatchChanged(db, draft.id);
    if (requeue || job.signal.aborted) throw error;
    deps.log(
      `single generation ${draft.id} failed: ${error instanceof Error ? error.message : error}`,
    );
    return;
  }
  await notifyBatchChanged(db, draft.id);
}

function buildSingleRequest(db: Database, workspaceId: string, input: SingleGenerationInput) {
  return buildScaffoldedRequest(
    db,
    {
      workspaceId,
      tier: input.tier,
      personaId: input.personaId,
      arcId: input.arcId,
      topicId: input.topicId,
      edgeCaseId: input.edgeCaseId,
      sourceChunkId: input.sourceChunkId,
      promptTemplateId: input.templateId,
      missingMessage:
        "The persona, emotional arc, topic or template no longer exists in this workspace.",
    },
    {
      ...(input.turnCount === null ? {} : { turnCount: input.turnCount }),
      ...(input.model ? { model: input.model } : {}),
      templateValues: input.templateValues,
      ...(input.intent ? { intent: input.intent } : {}),
      ...(input.tone ? { tone: input.tone } : {}),
    },
  );
}
