// The LLM judge for a batch that asked for one: a second provider call scores the generated
// conversation against the rubric, and its score is blended with the heuristic assessment
// (combineQualityScores: judge 0.6, heuristics 0.4). A judge that cannot answer does not throw
// away the paid-for conversation: it is stored on its heuristic score and sent to review.
// Whatever the judge was billed (its unusable answers included) is part of the conversation's
// cost, so a batch's conversations add up to what the batch spent on them.
import {
  buildJudgeRequest,
  type ConversationProvider,
  type ConversationRequest,
  combineQualityScores,
  DEFAULT_JUDGE_RUBRIC,
  type GeneratedConversation,
  type GenerateOptions,
  isProviderError,
  type QualityAssessment,
  recordedUsd,
} from "@parley/generation";

/** What is stored as the conversation's quality: score, review verdict and metrics. */
export interface StoredQuality {
  score: number;
  needsReview: boolean;
  metrics: Record<string, unknown>;
}

/** A judged verdict, with what the judge's attempts were billed. */
export interface JudgedQuality extends StoredQuality {
  judgeCostUsd: number;
}

export function heuristicQuality(assessment: QualityAssessment): StoredQuality {
  return {
    score: assessment.score,
    needsReview: assessment.needsReview,
    metrics: assessment as unknown as Record<string, unknown>,
  };
}

export async function judgeItem(options: {
  provider: ConversationProvider;
  conversation: GeneratedConversation;
  request: ConversationRequest;
  assessment: QualityAssessment;
  model: string;
  threshold: number;
  signal: AbortSignal;
  onAttempt: GenerateOptions["onAttempt"];
}): Promise<JudgedQuality> {
  const { assessment } = options;
  let judgeCostUsd = 0;
  const onAttempt: GenerateOptions["onAttempt"] = async (attempt) => {
    judgeCostUsd += recordedUsd(attempt.costUsd);
    await options.onAttempt?.(attempt);
  };
  const { brief } = options.request;
  const judgeRequest = buildJudgeRequest(options.conversation, DEFAULT_JUDGE_RUBRIC, {
    tier: brief.tier,
    persona: { name: brief.persona.name, description: brief.persona.description },
    arc: {
      name: brief.arc.name,
      startEmotion: brief.arc.startEmotion,
      endEmotion: brief.arc.endEmotion,
    },
    topic: { name: brief.topic.name, description: brief.topic.description },
    ...(brief.edgeCase
      ? {
          edgeCase: {
            name: brief.edgeCase.name,
            expectedBehavior: brief.edgeCase.expectedBehavior,
          },
        }
      : {}),
  });
  try {
    const judged = await options.provider.judgeConversation(judgeRequest, {
      rubric: DEFAULT_JUDGE_RUBRIC,
      model: options.model,
      signal: options.signal,
      onAttempt,
    });
    const combined = combineQualityScores(assessment, judged.judgement, {
      threshold: options.threshold,
    });
    return {
      judgeCostUsd,
      score: combined.score,
      needsReview: combined.needsReview,
      metrics: {
        ...assessment,
        ...combined,
        judge: {
          ...judged.judgement,
          model: judged.model,
          costUsd: judged.costUsd,
          simulated: judged.simulated,
        },
      },
    };
  } catch (error) {
    if (options.signal.aborted || (isProviderError(error) && error.code === "aborted")) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return {
      judgeCostUsd,
      score: assessment.score,
      needsReview: true,
      metrics: {
        ...assessment,
        needsReview: true,
        warnings: [
          ...assessment.warnings,
          `The LLM judge could not score this conversation: ${reason}`,
        ],
        judge: { error: reason },
      },
    };
  }
}
