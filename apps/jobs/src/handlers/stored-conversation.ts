// The conversation completeItem stores for a generated item: its text, quality verdict, model,
// tokens and cost, with the near-duplicate check completeItem runs. One shape whichever way the
// item was generated (realtime or Message Batches), judged or not.
import type { CompleteItemOptions } from "@parley/db";
import {
  type ConversationRequest,
  type GeneratedConversation,
  recordedUsd,
  type TokenUsage,
} from "@parley/generation";
import { qualityVerdict, type StoredQuality } from "./judge-item.ts";
import { nearDuplicateCheck } from "./near-duplicate-check.ts";

export interface GeneratedItem {
  conversation: GeneratedConversation;
  request: ConversationRequest;
  quality: StoredQuality;
  consultantProfileId: string;
  simulated: boolean;
  model: string;
  /** The generation call's tokens (the judge's are in its own generation_logs rows). */
  usage: TokenUsage;
  /** What the generation call was billed. */
  costUsd: number;
  /** What the LLM judge's calls were billed, when the batch has one. */
  judgeCostUsd?: number;
}

export function storedConversation(
  item: GeneratedItem,
): Pick<CompleteItemOptions, "conversation" | "turns" | "nearDuplicates"> {
  const { conversation, quality, usage } = item;
  // Scored again inside completeItem once the nearest stored conversation is known (uniqueness).
  const verdict = (nearestSimilarity: number | null) => {
    const scored = qualityVerdict(quality, nearestSimilarity);
    return {
      status: scored.needsReview ? ("pending_review" as const) : ("generated" as const),
      qualityScore: scored.qualityScore,
      qualityDimensions: scored.qualityDimensions,
    };
  };
  return {
    nearDuplicates: nearDuplicateCheck(conversation, { rescore: verdict }),
    conversation: {
      ...verdict(null),
      title: conversation.title,
      summary: conversation.summary,
      learningObjective: conversation.learningObjective ?? null,
      consultantProfileId: item.consultantProfileId,
      parameters: { brief: item.request.brief },
      qualityMetrics: quality.metrics,
      simulated: item.simulated,
      model: item.model,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheCreationTokens: usage.cacheCreationInputTokens,
      cacheReadTokens: usage.cacheReadInputTokens,
      // The full cost of producing the conversation: its generation and its judging.
      costUsd: recordedUsd(item.costUsd) + (item.judgeCostUsd ?? 0),
    },
    turns: conversation.turns.map((turn) => ({
      role: turn.role,
      content: turn.content,
      emotion: turn.emotion,
      phase: turn.phase ?? null,
      techniques: turn.techniques ?? [],
    })),
  };
}
