// The draft's stored result (what the worker writes, the page shows and saving stores) and the
// conversation a saved draft becomes.
import type { GenerationDraft, SavedDraftConversation } from "@parley/db";
import type { GeneratedConversation, QualityDimensions, TokenUsage } from "@parley/generation";
import {
  type SingleGenerationInput,
  singleGenerationInputSchema,
} from "./single-generation-input.ts";

export interface SingleGenerationResult {
  conversation: GeneratedConversation;
  quality: {
    score: number;
    needsReview: boolean;
    metrics: Record<string, unknown>;
    /** The quality dimensions (absent on drafts made before they existed). */
    dimensions?: QualityDimensions;
  };
  /** The brief the model was given, kept with the conversation as its parameters. */
  brief: Record<string, unknown>;
  consultantProfileId: string;
  promptTemplateId: string | null;
  simulated: boolean;
  model: string;
  usage: TokenUsage;
  costUsd: number;
  durationMs: number;
}

export function draftInput(draft: GenerationDraft): SingleGenerationInput {
  return singleGenerationInputSchema.parse(draft.input);
}

export function draftResult(draft: GenerationDraft): SingleGenerationResult | null {
  return (draft.result as SingleGenerationResult | null) ?? null;
}

/** The conversation a succeeded draft is saved as: outside any batch, in review if it needs it. */
export function draftConversation(
  draft: GenerationDraft,
  createdBy: string | null,
): SavedDraftConversation {
  const input = draftInput(draft);
  const result = draftResult(draft);
  if (!result) throw new Error(`draft ${draft.id} has no result`);
  const { conversation, usage } = result;
  return {
    tier: input.tier,
    status: result.quality.needsReview ? "pending_review" : "generated",
    title: conversation.title,
    summary: conversation.summary,
    learningObjective: conversation.learningObjective ?? null,
    personaId: input.personaId,
    arcId: input.arcId,
    topicId: input.topicId,
    edgeCaseId: input.edgeCaseId,
    sourceChunkId: input.sourceChunkId,
    promptTemplateId: result.promptTemplateId,
    consultantProfileId: result.consultantProfileId,
    parameters: { brief: result.brief, singleGeneration: { draftId: draft.id } },
    qualityScore: result.quality.score,
    qualityMetrics: result.quality.metrics,
    qualityDimensions: result.quality.dimensions ?? null,
    simulated: result.simulated,
    model: result.model,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cacheCreationTokens: usage.cacheCreationInputTokens,
    cacheReadTokens: usage.cacheReadInputTokens,
    costUsd: result.costUsd,
    createdBy,
    turns: conversation.turns.map((turn) => ({
      role: turn.role,
      content: turn.content,
      emotion: turn.emotion,
      phase: turn.phase ?? null,
      techniques: turn.techniques ?? [],
    })),
  };
}
