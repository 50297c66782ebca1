// The conversation completeItem stores for a generated item: its text, quality verdict, model,
// tokens and cost. One shape whichever way the item was generated (realtime or Message Batches).
import type { CompleteItemOptions } from "@parley/db";
import type {
  ConversationRequest,
  GeneratedConversation,
  QualityAssessment,
  TokenUsage,
} from "@parley/generation";

export interface GeneratedItem {
  conversation: GeneratedConversation;
  request: ConversationRequest;
  quality: QualityAssessment;
  consultantProfileId: string;
  simulated: boolean;
  model: string;
  usage: TokenUsage;
  costUsd: number;
}

export function storedConversation(
  item: GeneratedItem,
): Pick<CompleteItemOptions, "conversation" | "turns"> {
  const { conversation, quality, usage } = item;
  return {
    conversation: {
      status: quality.needsReview ? "pending_review" : "generated",
      title: conversation.title,
      summary: conversation.summary,
      learningObjective: conversation.learningObjective ?? null,
      consultantProfileId: item.consultantProfileId,
      parameters: { brief: item.request.brief },
      qualityScore: quality.score,
      qualityMetrics: quality as unknown as Record<string, unknown>,
      simulated: item.simulated,
      model: item.model,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      cacheCreationTokens: usage.cacheCreationInputTokens,
      cacheReadTokens: usage.cacheReadInputTokens,
      costUsd: item.costUsd,
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
