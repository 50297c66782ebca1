import { describe, expect, it } from "vitest";
import { ExportError } from "../export-error.ts";
import { exportToStream } from "../export-to-stream.ts";
import {
  makeConversation,
  streamOf,
  TEST_PROFILE,
  turn,
} from "../testing/conversation-fixtures.ts";
import { MemoryOutput } from "../testing/memory-output.ts";
import {
  type TrainingPairsRecord,
  toTrainingPairsRecord,
  validateTrainingPairsRecord,
} from "./training-pairs-format.ts";

const OPTIONS = {
  datasetName: "ei-conversations",
  datasetVersion: "1.0.0",
  consultantProfile: TEST_PROFILE,
  systemPrompt: "You are Elena.",
};

describe("training_pairs format", () => {
  it("makes one pair per assistant answer with the earlier turns as history", () => {
    const record = toTrainingPairsRecord(makeConversation(), OPTIONS);
    expect(record.training_pairs).toHaveLength(2);
    const [first, second] = record.training_pairs;
    expect(first?.conversation_history).toEqual([]);
    expect(first?.current_user_input).toContain("retirement statements");
    expect(first?.target_response).toContain("Thank you for telling me");
    expect(first?.emotional_context.detected_emotions).toEqual({
      primary: "shame",
      intensity: 0.8,
      secondary: ["anxiety"],
    });
    expect(first?.training_metadata.demonstrates_skills).toEqual(["validation", "normalizing"]);
    expect(second?.id).toBe("conv-001_turn4");
    expect(second?.conversation_history.map((entry) => [entry.turn, entry.role])).toEqual([
      [1, "user"],
      [2, "assistant"],
    ]);
    expect(second?.conversation_history[0]?.emotional_state.primary).toBe("shame");
    expect(second?.current_user_input).toBe("Okay. What should I look at first?");
    expect(validateTrainingPairsRecord(record)).toEqual([]);
  });

  it("carries the dataset metadata, the consultant profile and the quality data", () => {
    const record = toTrainingPairsRecord(
      makeConversation({ reviewerNotes: "Lovely pacing" }),
      OPTIONS,
    );
    expect(record.dataset_metadata).toMatchObject({
      dataset_name: "ei-conversations",
      version: "1.0.0",
      created_date: "2025-11-25",
      consultant_persona: "Elena Morales, CFP - Pathways Financial Planning",
      conversation_source: "synthetic_claude",
      quality_tier: "template",
      total_turns: 4,
      simulated: false,
    });
    expect(record.consultant_profile).toMatchObject({
      name: "Elena Morales, CFP",
      years_experience: 15,
    });
    expect(record.consultant_profile.communication_style.avoid).toEqual(["jargon", "judgment"]);
    const metadata = record.training_pairs[0]?.training_metadata;
    expect(metadata).toMatchObject({
      quality_score: 8.5,
      quality_criteria: { relevance: 9, naturalness: 8 },
      human_reviewed: true,
      reviewer_notes: "Lovely pacing",
      emotional_progression_target: "shame → acceptance",
    });
  });

  it("labels simulated conversations and never makes them seed examples", () => {
    const simulated = toTrainingPairsRecord(
      makeConversation({ simulated: true, qualityScore: 9.8 }),
      OPTIONS,
    );
    expect(simulated.dataset_metadata.conversation_source).toBe("synthetic_simulated");
    expect(simulated.dataset_metadata.notes).toMatch(/simulated provider/);
    expect(simulated.training_pairs[0]?.training_metadata.use_as_seed_example).toBe(false);

    const real = toTrainingPairsRecord(makeConversation({ qualityScore: 9.8 }), {
      ...OPTIONS,
      variationsPerSeedExample: 3,
    });
    expect(real.training_pairs[0]?.training_metadata).toMatchObject({
      use_as_seed_example: true,
      generate_variations_count: 3,
    });
  });

  it("rates edge cases as advanced and joins consecutive user messages into one input", () => {
    const record = toTrainingPairsRecord(
      makeConversation({
        tier: "edge_case",
        edgeCase: {
          key: "crisis",
          name: "Crisis referral",
          expectedBehavior: "Refer to a crisis line",
        },
        turns: [
          turn(1, "assistant", "Hello."),
          turn(2, "user", "I"),
          turn(3, "user", "need help"),
          turn(4, "assistant", "I'm here."),
        ],
      }),
      OPTIONS,
    );
    expect(record.training_pairs).toHaveLength(1);
    expect(record.training_pairs[0]?.current_user_input).toBe("I\n\nneed help");
    expect(record.training_pairs[0]?.conversation_history.map((entry) => entry.turn)).toEqual([1]);
    expect(record.training_pairs[0]?.training_metadata.difficulty_level).toBe("advanced");
    expect(record.training_pairs[0]?.conversation_metadata.edge_case).toEqual({
      key: "crisis",
      name: "Crisis referral",
      expected_behavior: "Refer to a crisis line",
    });
  });

  it("the validator rejects missing fields, empty targets and a mismatched conversation id", () => {
    const record = toTrainingPairsRecord(makeConversation(), OPTIONS);
    const broken = Object.fromEntries(
      Object.entries(record).filter(([key]) => key !== "consultant_profile"),
    );
    expect(validateTrainingPairsRecord(broken)[0]?.path).toBe("consultant_profile");

    const emptyTarget = structuredClone(record);
    if (emptyTarget.training_pairs[0]) emptyTarget.training_pairs[0].target_response = " ";
    expect(validateTrainingPairsRecord(emptyTarget)[0]?.message).toMatch(/target response/);

    const wrongId = structuredClone(record);
    if (wrongId.training_pairs[1]) wrongId.training_pairs[1].conversation_id = "other";
    expect(validateTrainingPairsRecord(wrongId)[0]?.path).toBe("training_pairs.1.conversation_id");
  });

  it("refuses to start without a consultant profile", async () => {
    await expect(
      exportToStream(streamOf([makeConversation()]), "training_pairs", new MemoryOutput()),
    ).rejects.toThrow(ExportError);
  });

  it("writes one line per conversation with an id, skipping one without pairs", async () => {
    const output = new MemoryOutput();
    const result = await exportToStream(
      streamOf([
        makeConversation({ id: "a" }),
        makeConversation({ id: "b", turns: [turn(1, "user", "Hello?")] }),
      ]),
      "training_pairs",
      output,
      { options: OPTIONS },
    );
    expect(result).toMatchObject({ rows: 1, skipped: 1 });
    const lines = output.lines() as TrainingPairsRecord[];
    expect(lines.map((line) => Object.keys(line))).toEqual([
      ["id", "readable_id", "dataset_metadata", "consultant_profile", "training_pairs"],
    ]);
  });
});
