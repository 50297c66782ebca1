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
  type DimensionInput,
  type GeneratedConversation,
  type GenerateOptions,
  isProviderError,
  judgeContextFromBrief,
  type QualityAssessment,
  type QualityContext,
  type QualityDimensions,
  recordedUsd,
  scoreQualityDimensions,
} from "@parley/generation";

/**
 * What is stored as the conversation's quality: the overall score and review verdict (before
 * the near-duplicate lookup), the checks' metrics, and what the dimensions are scored from, so
 * completeItem can score uniqueness once it knows the nearest stored conversation.
 */
export interface StoredQuality {
  score: number;
  needsReview: boolean;
  metrics: Record<string, unknown>;
  dimensionInput: Omit<DimensionInput, "nearestSimilarity">;
  /** The judge could not answer: review whatever the scores say. */
  judgeFailed?: boolean;
}

/** A judged verdict, with what the judge's attempts were billed. */
export interface JudgedQuality extends StoredQuality {
  judgeCostUsd: number;
}

/** The dimensions, overall score and status, given the nearest stored conversation's similarity. */
export function qualityVerdict(
  quality: Pick<StoredQuality, "dimensionInput" | "judgeFailed">,
  nearestSimilarity: number | null,
): { qualityDimensions: QualityDimensions; qualityScore: number; needsReview: boolean } {
  const dimensions = scoreQualityDimensions({ ...quality.dimensionInput, nearestSimilarity });
  return {
    qualityDimensions: dimensions,
    qualityScore: dimensions.overall,
    needsReview: dimensions.belowThreshold || quality.judgeFailed === true,
  };
}

function storedQuality(
  dimensionInput: StoredQuality["dimensionInput"],
  metrics: Record<string, unknown>,
  judgeFailed = false,
): StoredQuality {
  const verdict = qualityVerdict({ dimensionInput, judgeFailed }, null);
  return {
    score: verdict.qualityScore,
    needsReview: verdict.needsReview,
    metrics,
    dimensionInput,
    ...(judgeFailed ? { judgeFailed } : {}),
  };
}

export function heuristicQuality(input: {
  conversation: GeneratedConversation;
  context: QualityContext;
  assessment: QualityAssessment;
  threshold: number;
}): StoredQuality {
  return storedQuality(input, input.assessment as unknown as Record<string, unknown>);
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
  /** What the conversation was meant to be (the checks' context). */
  context: QualityContext;
}): Promise<JudgedQuality> {
  const { assessment } = options;
  const dimensionInput = {
    conversation: options.conversation,
    context: options.context,
    assessment,
    threshold: options.threshold,
  };
  let judgeCostUsd = 0;
  const onAttempt: GenerateOptions["onAttempt"] = async (attempt) => {
    judgeCostUsd += recordedUsd(attempt.costUsd);
    await options.onAttempt?.(attempt);
  };
  const judgeRequest = buildJudgeRequest(
    options.conversation,
    DEFAULT_JUDGE_RUBRIC,
    judgeContextFromBrief(options.request.brief, options.context.consultantName),
  );
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
      ...storedQuality(
        { ...dimensionInput, judge: judged.judgement.dimensions },
        {
          ...assessment,
          ...combined,
          judge: {
            ...judged.judgement,
            model: judged.model,
            costUsd: judged.costUsd,
            simulated: judged.simulated,
          },
        },
      ),
    };
  } catch (error) {
    if (options.signal.aborted || (isProviderError(error) && error.code === "aborted")) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return {
      judgeCostUsd,
      ...storedQuality(
        dimensionInput,
        {
          ...assessment,
          needsReview: true,
          warnings: [
            ...assessment.warnings,
            `The LLM judge could not score this conversation: ${reason}`,
          ],
          judge: { error: reason },
        },
        true,
      ),
    };
  }
}
