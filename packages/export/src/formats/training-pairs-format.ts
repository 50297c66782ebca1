// The specification's rich `training_pairs` JSON Lines: one line per conversation with
// dataset_metadata, consultant_profile and one training pair per assistant answer, plus its validator.
import { z } from "zod";
import {
  type ConsultantProfile,
  consultantDisplayName,
  consultantProfileRecord,
} from "../consultant-profile.ts";
import {
  createdAtIso,
  type ExportConversation,
  type ExportTurn,
  orderedTurns,
} from "../export-conversation.ts";
import { ExportError } from "../export-error.ts";
import type { ExportFormat } from "../format-writer.ts";
import {
  qualityCriteriaOf,
  qualityDimensionsView,
  qualityDimensionsViewSchema,
} from "../quality-metrics-view.ts";
import { isApproved, isHumanReviewed } from "../review-status.ts";
import { describeIssues, type ValidationIssue } from "../validation-issue.ts";
import { resolveSystemPrompt, type SystemPromptSource } from "./chat-transcript.ts";
import { createJsonLinesWriter } from "./json-lines-writer.ts";
import { sourceContextRecord, sourceContextRecordSchema } from "./source-context.ts";

export interface TrainingPairsFormatOptions {
  datasetName?: string;
  datasetVersion?: string;
  /** Required: the spec puts the consultant profile on every line. */
  consultantProfile?: ConsultantProfile;
  systemPrompt?: SystemPromptSource;
  /** What the dataset is for, e.g. "LoRA fine-tuning". */
  targetUse?: string;
  /** The field the consultant works in; defaults to the profile's expertise. */
  vertical?: string;
  /** Approved, non-simulated conversations at or above this score become seed examples (default 9). */
  seedExampleMinQuality?: number;
  /** How many variations to ask for per seed example (default 0). */
  variationsPerSeedExample?: number;
}

const emotionalStateSchema = z.object({
  primary: z.string(),
  intensity: z.number(),
  secondary: z.array(z.string()),
});

const historyEntrySchema = z.strictObject({
  turn: z.number().int(),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  emotional_state: emotionalStateSchema,
});

const trainingPairSchema = z.strictObject({
  id: z.string().min(1),
  conversation_id: z.string().min(1),
  turn_number: z.number().int().min(1),
  conversation_metadata: z.strictObject({
    client_persona: z.string(),
    client_background: z.string(),
    session_context: z.string(),
    conversation_phase: z.string(),
    expected_outcome: z.string(),
    edge_case: z
      .strictObject({ key: z.string(), name: z.string(), expected_behavior: z.string().nullable() })
      .nullable(),
    /** Scenario conversations: the document and chunk their context came from. */
    source_context: sourceContextRecordSchema.nullable().optional(),
  }),
  system_prompt: z.string(),
  conversation_history: z.array(historyEntrySchema),
  current_user_input: z.string().trim().min(1, "The user input of a pair must not be empty"),
  emotional_context: z.strictObject({
    detected_emotions: emotionalStateSchema,
    response_emotional_state: emotionalStateSchema,
  }),
  target_response: z.string().trim().min(1, "The target response must not be empty"),
  training_metadata: z.strictObject({
    difficulty_level: z.enum(["beginner", "intermediate", "advanced"]),
    key_learning_objective: z.string(),
    demonstrates_skills: z.array(z.string()),
    conversation_turn: z.number().int().min(1),
    emotional_progression_target: z.string(),
    quality_score: z.number().nullable(),
    quality_criteria: z.record(z.string(), z.number()),
    quality_dimensions: qualityDimensionsViewSchema.nullable().optional(),
    human_reviewed: z.boolean(),
    reviewer_notes: z.string().nullable(),
    use_as_seed_example: z.boolean(),
    generate_variations_count: z.number().int().min(0),
  }),
});

export const trainingPairsRecordSchema = z.strictObject({
  id: z.string().min(1),
  /** The readable id (`fp_<persona>_<###>`) beside the UUID; null from sources without one. */
  readable_id: z.string().nullable(),
  dataset_metadata: z.strictObject({
    dataset_name: z.string().min(1),
    version: z.string().min(1),
    created_date: z.iso.date(),
    vertical: z.string(),
    consultant_persona: z.string(),
    target_use: z.string(),
    conversation_source: z.enum(["synthetic_claude", "synthetic_simulated"]),
    quality_tier: z.string(),
    total_conversations: z.number().int(),
    total_turns: z.number().int(),
    notes: z.string(),
    simulated: z.boolean(),
    human_edited: z.boolean(),
    model: z.string().nullable(),
  }),
  consultant_profile: z.strictObject({
    name: z.string().min(1),
    business: z.string(),
    expertise: z.string(),
    years_experience: z.number().nullable(),
    core_philosophy: z.record(z.string(), z.string()),
    communication_style: z.strictObject({
      tone: z.string(),
      techniques: z.array(z.string()),
      avoid: z.array(z.string()),
    }),
  }),
  training_pairs: z
    .array(trainingPairSchema)
    .min(1, "A conversation needs at least one training pair"),
});
export type TrainingPairsRecord = z.infer<typeof trainingPairsRecordSchema>;
export type TrainingPair = TrainingPairsRecord["training_pairs"][number];

type ResolvedTrainingPairsOptions = TrainingPairsFormatOptions & {
  datasetName: string;
  datasetVersion: string;
  consultantProfile: ConsultantProfile;
};

export function toTrainingPairsRecord(
  conversation: ExportConversation,
  options: ResolvedTrainingPairsOptions,
): TrainingPairsRecord {
  const profile = options.consultantProfile;
  const turns = orderedTurns(conversation).filter((turn) => turn.content.trim() !== "");
  const systemPrompt = resolveSystemPrompt(conversation, options.systemPrompt) ?? "";
  const reviewed = isHumanReviewed(conversation);
  const seed =
    isApproved(conversation) &&
    !conversation.simulated &&
    conversation.qualityScore !== null &&
    conversation.qualityScore >= (options.seedExampleMinQuality ?? 9);

  return {
    id: conversation.id,
    readable_id: conversation.readableId ?? null,
    dataset_metadata: {
      dataset_name: options.datasetName,
      version: options.datasetVersion,
      created_date: createdAtIso(conversation).slice(0, 10),
      vertical: options.vertical ?? profile.expertise,
      consultant_persona: consultantDisplayName(profile),
      target_use: options.targetUse ?? "fine-tuning",
      conversation_source: conversation.simulated ? "synthetic_simulated" : "synthetic_claude",
      quality_tier: conversation.tier,
      total_conversations: 1,
      total_turns: turns.length,
      notes: conversation.simulated
        ? `Generated via ${conversation.tier} tier by the simulated provider, not by Claude: placeholder data, do not train on it`
        : `Generated via ${conversation.tier} tier`,
      simulated: conversation.simulated,
      human_edited: conversation.isHumanEdited,
      model: conversation.model,
    },
    consultant_profile: consultantProfileRecord(profile),
    training_pairs: trainingPairs(conversation, turns, {
      systemPrompt,
      reviewed,
      seed,
      variations: seed ? (options.variationsPerSeedExample ?? 0) : 0,
    }),
  };
}

/**
 * One pair per assistant answer that follows user input. Consecutive user messages form one
 * input; an assistant message with no user input before it (an opening greeting, a second
 * answer in a row) yields no pair of its own but stays in later pairs' history.
 */
function trainingPairs(
  conversation: ExportConversation,
  turns: ExportTurn[],
  shared: { systemPrompt: string; reviewed: boolean; seed: boolean; variations: number },
): TrainingPair[] {
  const pairs: TrainingPair[] = [];
  let historyEnd = 0;
  let userBlock: ExportTurn[] = [];
  turns.forEach((turn, index) => {
    if (turn.role === "user") {
      if (userBlock.length === 0) historyEnd = index;
      userBlock.push(turn);
      return;
    }
    const lastUser = userBlock.at(-1);
    if (lastUser)
      pairs.push(
        trainingPair(conversation, turns.slice(0, historyEnd), userBlock, lastUser, turn, shared),
      );
    userBlock = [];
  });
  return pairs;
}

function trainingPair(
  conversation: ExportConversation,
  history: ExportTurn[],
  userBlock: ExportTurn[],
  lastUser: ExportTurn,
  answer: ExportTurn,
  shared: { systemPrompt: string; reviewed: boolean; seed: boolean; variations: number },
): TrainingPair {
  const { arc, edgeCase } = conversation;
  return {
    id: `${conversation.id}_turn${answer.turnNumber}`,
    conversation_id: conversation.id,
    turn_number: answer.turnNumber,
    conversation_metadata: {
      client_persona: conversation.persona.name,
      client_background: conversation.persona.description,
      session_context: conversation.topic.name,
      conversation_phase: answer.phase ?? "",
      expected_outcome: arc.name,
      edge_case: edgeCase
        ? {
            key: edgeCase.key,
            name: edgeCase.name,
            expected_behavior: edgeCase.expectedBehavior ?? null,
          }
        : null,
      source_context: sourceContextRecord(conversation),
    },
    system_prompt: shared.systemPrompt,
    conversation_history: history.map((turn) => ({
      turn: turn.turnNumber,
      role: turn.role,
      content: turn.content,
      emotional_state: emotionalState(turn),
    })),
    current_user_input: userBlock.map((turn) => turn.content).join("\n\n"),
    emotional_context: {
      detected_emotions: emotionalState(lastUser),
      response_emotional_state: emotionalState(answer),
    },
    target_response: answer.content,
    training_metadata: {
      difficulty_level: difficultyLevel(conversation, lastUser),
      key_learning_objective: conversation.learningObjective || conversation.topic.name,
      demonstrates_skills: answer.techniques ?? [],
      conversation_turn: answer.turnNumber,
      emotional_progression_target: `${arc.startEmotion} → ${arc.endEmotion}`,
      quality_score: conversation.qualityScore,
      quality_criteria: qualityCriteriaOf(conversation.qualityMetrics),
      quality_dimensions: qualityDimensionsView(conversation.qualityDimensions),
      human_reviewed: shared.reviewed,
      reviewer_notes: conversation.reviewerNotes ?? null,
      use_as_seed_example: shared.seed,
      generate_variations_count: shared.variations,
    },
  };
}

function emotionalState(turn: ExportTurn) {
  return {
    primary: turn.emotion.primary,
    intensity: turn.emotion.intensity,
    secondary: turn.emotion.secondary,
  };
}

const DIFFICULTY = ["beginner", "intermediate", "advanced"] as const;

/** By tier (template < scenario < edge case), one level up when the client's emotion runs high. */
function difficultyLevel(conversation: ExportConversation, userTurn: ExportTurn) {
  const base = conversation.tier === "edge_case" ? 2 : conversation.tier === "scenario" ? 1 : 0;
  const level = userTurn.emotion.intensity >= 0.8 ? base + 1 : base;
  return DIFFICULTY[Math.min(level, 2)] ?? "advanced";
}

/** The record must match the spec's shape exactly, with at least one complete training pair. */
export function validateTrainingPairsRecord(record: unknown): ValidationIssue[] {
  const parsed = trainingPairsRecordSchema.safeParse(record);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({
      path: issue.path.join("."),
      message: issue.message,
    }));
  }
  const issues: ValidationIssue[] = [];
  let previous = 0;
  parsed.data.training_pairs.forEach((pair, index) => {
    if (pair.conversation_id !== parsed.data.id) {
      issues.push({
        path: `training_pairs.${index}.conversation_id`,
        message: "Does not match the record id",
      });
    }
    if (pair.turn_number <= previous) {
      issues.push({
        path: `training_pairs.${index}.turn_number`,
        message: "Turn numbers must increase",
      });
    }
    previous = pair.turn_number;
  });
  return issues;
}

export const trainingPairsFormat: ExportFormat<TrainingPairsFormatOptions> = {
  id: "training_pairs",
  extension: ".jsonl",
  contentType: "application/jsonl",
  description:
    "Rich training_pairs JSON Lines: dataset metadata, consultant profile and one pair per assistant answer",
  createWriter(output, options = {}) {
    const { consultantProfile, datasetName, datasetVersion } = options;
    if (!consultantProfile || !datasetName || !datasetVersion) {
      throw new ExportError(
        "invalid_options",
        "The training_pairs format needs a consultant profile, a dataset name and a dataset version",
      );
    }
    const resolved = { ...options, consultantProfile, datasetName, datasetVersion };
    return createJsonLinesWriter(output, (conversation) => {
      const record = toTrainingPairsRecord(conversation, resolved);
      const issues = validateTrainingPairsRecord(record);
      return issues.length === 0 ? { record } : { skip: describeIssues(issues) };
    });
  },
};
