// The quality verdict against the simulator's flaws: 100 conversations through the simulator's
// writer and the worker's quality pipeline (no worker needed), and one small batch through a
// real worker on Postgres, whose flawed conversations must land in the review queue. The flaws
// are read from the simulator's side (its writer, its stats); the checks see only the text.
import {
  listConversations,
  REFERENCE_CONSULTANT_PROFILE,
  REFERENCE_EDGE_CASES,
  REFERENCE_EMOTIONAL_ARCS,
  REFERENCE_PERSONAS,
  REFERENCE_TRAINING_TOPICS,
  REVIEW_QUEUE_STATUSES,
} from "@parley/db";
import { readQualityDimensions } from "@parley/generation";
import { createBatch } from "@parley/queue";
import {
  DEFAULT_FLAW_RATES,
  type FlawKind,
  measureQualitySeparation,
  type SimulatorStats,
  transcriptKey,
} from "@parley/simulator";
import { afterAll, describe, expect, it } from "vitest";
import { type BatchHarness, openBatchHarness } from "./test-support/batch-harness.ts";
import { isFinished, waitForBatch } from "./test-support/batch-observer.ts";

const scaffolding = {
  consultant: {
    name: REFERENCE_CONSULTANT_PROFILE.name,
    systemPrompt: REFERENCE_CONSULTANT_PROFILE.systemPrompt ?? REFERENCE_CONSULTANT_PROFILE.name,
  },
  personas: REFERENCE_PERSONAS,
  arcs: REFERENCE_EMOTIONAL_ARCS,
  topics: REFERENCE_TRAINING_TOPICS,
  edgeCases: REFERENCE_EDGE_CASES,
};

describe("the quality verdict on simulated conversations, 20 % flawed", () => {
  it.each([
    { label: "the rules alone", judge: false },
    { label: "rules and the simulated judge", judge: true },
  ])(
    "sends at least 9 in 10 flawed ones to review, and mostly flawed ones, with $label",
    ({ judge }) => {
      const result = measureQualitySeparation({
        scaffolding,
        count: 100,
        flaws: DEFAULT_FLAW_RATES,
        judge,
        seed: "npm-test",
      });
      expect(result.flawed).toBeGreaterThanOrEqual(10);
      expect(result.recall).toBeGreaterThanOrEqual(0.9);
      expect(result.precision).toBeGreaterThanOrEqual(0.9);
    },
  );

  it("catches each kind of flaw", () => {
    const kinds = Object.keys(DEFAULT_FLAW_RATES) as FlawKind[];
    for (const kind of kinds) {
      const result = measureQualitySeparation({
        scaffolding,
        count: 20,
        flaws: { [kind]: 1 },
        seed: `kind-${kind}`,
        // Advice an edge case forbids needs an edge case to break.
        edgeCaseShare: kind === "forbiddenAdvice" ? 1 : 0.3,
      });
      const entry = result.perKind[kind];
      // A forbiddenAdvice draw on an edge case with no written boundary becomes a repeated reply.
      expect(entry?.count ?? 0, kind).toBeGreaterThan(kind === "forbiddenAdvice" ? 5 : 15);
      expect(entry?.recall, kind).toBeGreaterThanOrEqual(0.9);
    }
  });

  it("leaves clean conversations out of review", () => {
    const result = measureQualitySeparation({ scaffolding, count: 60, flaws: {}, seed: "clean" });
    expect(result.flawed).toBe(0);
    expect(result.below).toBe(0);
  });
});

describe("a batch on the simulator with flaws", () => {
  let harness: BatchHarness | undefined;
  afterAll(async () => {
    await harness?.close();
  });

  it("puts the flawed conversations in the review queue with the dimensions that caught them", async () => {
    harness = await openBatchHarness({
      simulatorEnv: {
        PARLEY_SIM_SEED: "5",
        PARLEY_SIM_FLAWS: "personaSlip=0.2,repeatedReply=0.2,tooShort=0.1",
      },
    });
    const { database, queue, workspaceId } = harness;
    const batch = await createBatch(database.db, queue, {
      workspaceId,
      input: { count: 12, concurrency: 4, seed: 8 },
      simulated: true,
    });
    const done = await waitForBatch(database.db, { workspaceId, batchId: batch.id }, isFinished);
    expect(done.succeededItems).toBe(12);

    const stats = (await (
      await fetch(`${harness.simulatorUrl}/_simulator/stats`)
    ).json()) as SimulatorStats;
    const conversations = await database.db
      .selectFrom("conversations")
      .select(["id", "status", "qualityScore", "qualityDimensions"])
      .where("batchId", "=", batch.id)
      .execute();
    const flawedIds = new Set<string>();
    for (const conversation of conversations) {
      const turns = await database.db
        .selectFrom("conversation_turns")
        .select("content")
        .where("conversationId", "=", conversation.id)
        .orderBy("turnNumber")
        .execute();
      const flaw = stats.flawedTranscripts[transcriptKey(turns)];
      const dimensions = readQualityDimensions(conversation.qualityDimensions);
      expect(dimensions, "every new conversation is scored on the dimensions").not.toBeNull();
      expect(dimensions?.uniqueness.source).toBe("rules");
      expect(Number(conversation.qualityScore)).toBe(dimensions?.overall);
      if (flaw) {
        flawedIds.add(conversation.id);
        expect(conversation.status, flaw).toBe("pending_review");
        expect(dimensions?.belowThreshold).toBe(true);
        expect(dimensions?.trainingValue.level).toBe("low");
      } else {
        expect(conversation.status).toBe("generated");
        expect(dimensions?.belowThreshold).toBe(false);
      }
    }
    expect(flawedIds.size).toBeGreaterThanOrEqual(2);
    expect(flawedIds.size).toBeLessThan(12);

    // The review queue's filter for what scored low finds exactly the flawed ones.
    const low = await listConversations(database.db, {
      workspaceId,
      filters: { batchId: batch.id, statuses: [...REVIEW_QUEUE_STATUSES], trainingValue: ["low"] },
    });
    expect(new Set(low.items.map((item) => item.id))).toEqual(flawedIds);
    const incoherent = await listConversations(database.db, {
      workspaceId,
      filters: { batchId: batch.id, dimensionBelow: { dimension: "coherence", below: 6 } },
    });
    expect(incoherent.items.length).toBeGreaterThan(0);
    for (const item of incoherent.items) expect(flawedIds.has(item.id)).toBe(true);
  });
});
