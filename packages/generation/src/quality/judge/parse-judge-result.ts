// Validates what the judge recorded and turns it into one weighted 0–10 score.
import { AppError } from "../../errors/app-error.ts";
import { judgementSchemaFor } from "./build-judge-request.ts";
import type { JudgeDimensions } from "./judge-dimensions.ts";
import { DEFAULT_JUDGE_RUBRIC, type JudgeRubric } from "./judge-rubric.ts";

export interface JudgedCriterion {
  key: string;
  weight: number;
  score: number;
  reason: string;
}

export interface Judgement {
  /** Weighted mean of the criteria, 0–10, one decimal. */
  score: number;
  criteria: JudgedCriterion[];
  summary: string;
  issues: string[];
  /** The judge's reading of the quality dimensions (dimensions/score-dimensions.ts). */
  dimensions: JudgeDimensions;
}

/** The judge's output did not match the rubric; the caller may retry the call. */
export class JudgeResultError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("INTERNAL", message, details);
    this.name = "JudgeResultError";
  }
}

/** `toolInput` is the judge's `record_judgement` input, as an object or a JSON string. */
export function parseJudgeResult(
  toolInput: unknown,
  rubric: JudgeRubric = DEFAULT_JUDGE_RUBRIC,
): Judgement {
  let input = toolInput;
  if (typeof input === "string") {
    try {
      input = JSON.parse(input);
    } catch {
      throw new JudgeResultError("The judge's answer is not valid JSON", { raw: toolInput });
    }
  }
  const parsed = judgementSchemaFor(rubric).safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "answer"}: ${issue.message}`,
    );
    throw new JudgeResultError(
      `The judge's answer does not match the rubric: ${problems.join("; ")}`,
      {
        problems,
        raw: toolInput,
      },
    );
  }
  const scores = parsed.data.criteria as Record<string, { score: number; reason: string }>;
  const criteria = rubric.criteria.map((criterion) => ({
    key: criterion.key,
    weight: criterion.weight,
    score: scores[criterion.key]?.score ?? 0,
    reason: scores[criterion.key]?.reason ?? "",
  }));
  const totalWeight = criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  const weighted =
    criteria.reduce((sum, criterion) => sum + criterion.weight * criterion.score, 0) / totalWeight;
  return {
    score: Math.round(weighted * 10) / 10,
    criteria,
    summary: parsed.data.summary,
    issues: parsed.data.issues,
    dimensions: parsed.data.dimensions,
  };
}
