// The judge step on its own, against the simulated API: a judged conversation gets the blended
// score; a judge that fails leaves the conversation on its heuristic score and sends it to review.
import {
  assessQuality,
  type ConversationRequest,
  createAnthropicProvider,
  type GenerationAttemptLog,
  generationBriefSchema,
  recordedUsd,
  renderBrief,
} from "@parley/generation";
import { type RunningSimulator, startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeItem, qualityVerdict } from "./judge-item.ts";

let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = await startSimulator({ seed: 21 });
});
afterAll(() => simulator?.close());

const brief = generationBriefSchema.parse({
  tier: "template",
  turnCount: 6,
  persona: { key: "p", name: "Ana Lopez", description: "A nurse paying off credit cards." },
  arc: { key: "a", name: "Shame to Hope", startEmotion: "ashamed", endEmotion: "hopeful" },
  topic: { key: "t", name: "Debt Payoff" },
});
const request: ConversationRequest = {
  system: "You are Elena Morales, CFP, a warm and plain-spoken financial planner.",
  prompt: `Write the conversation.\n${renderBrief(brief)}`,
  brief,
  maxTokens: 4_000,
};

/** Generates a conversation, then judges it; `before` runs between the two calls. */
async function generateAndJudge(options: { signal?: AbortSignal; before?: () => void } = {}) {
  const provider = createAnthropicProvider({ baseURL: simulator.url, simulated: true });
  const { conversation, model } = await provider.generateConversation(request);
  const context = {
    tier: "template" as const,
    persona: { name: brief.persona.name },
    arc: { startEmotion: "ashamed", endEmotion: "hopeful" },
    topic: { name: brief.topic.name },
  };
  const assessment = assessQuality(conversation, context);
  options.before?.();
  const logs: GenerationAttemptLog[] = [];
  const quality = await judgeItem({
    provider,
    conversation,
    request,
    assessment,
    model,
    threshold: 7,
    context,
    signal: options.signal ?? new AbortController().signal,
    onAttempt: (log) => {
      logs.push(log);
    },
  });
  return { assessment, quality, logs };
}

describe("judgeItem", () => {
  it("scores the dimensions from rules and judge together and keeps the criteria", async () => {
    const { quality, logs } = await generateAndJudge();
    const metrics = quality.metrics as { judgeScore: number; judge: { criteria: unknown[] } };
    const verdict = qualityVerdict(quality, null);
    expect(quality.score).toBe(verdict.qualityScore);
    expect(verdict.qualityDimensions.naturalness.source).toBe("both");
    expect(verdict.qualityDimensions.uniqueness.source).toBe("rules");
    expect(verdict.qualityDimensions.confidence.source).toBe("both");
    expect(metrics.judge.criteria).toHaveLength(5);
    expect(logs.map((log) => log.status)).toEqual(["succeeded"]);
    expect(quality.judgeCostUsd).toBeGreaterThan(0);
    expect(quality.judgeCostUsd).toBe(recordedUsd(logs[0]?.costUsd ?? 0));
  });

  it("counts every billed judge attempt, an unusable answer included, in the judging cost", async () => {
    const { quality, logs } = await generateAndJudge({
      before: () => simulator.queueFaults("malformed"),
    });
    expect(logs.map((log) => log.status)).toEqual(["retrying", "succeeded"]);
    expect(logs[0]?.costUsd).toBeGreaterThan(0);
    expect(quality.judgeCostUsd).toBeCloseTo((logs[0]?.costUsd ?? 0) + (logs[1]?.costUsd ?? 0), 9);
  });

  it("sends the conversation to review on its heuristic score when the judge fails", async () => {
    const { assessment, quality, logs } = await generateAndJudge({
      before: () => simulator.queueFaults("400"),
    });
    expect(quality.score).toBe(assessment.score);
    expect(quality.needsReview).toBe(true);
    const metrics = quality.metrics as { warnings: string[]; judge: { error: string } };
    expect(metrics.judge.error).toBeTruthy();
    expect(metrics.warnings.at(-1)).toMatch(/^The LLM judge could not score this conversation: /);
    expect(logs.map((log) => log.status)).toEqual(["failed"]);
  });

  it("gives up when the job is cancelled instead of storing an unjudged result", async () => {
    const controller = new AbortController();
    await expect(
      generateAndJudge({ signal: controller.signal, before: () => controller.abort() }),
    ).rejects.toThrow(/cancelled/);
  });
});
