// The judging call end to end through the SDK and the simulated server: the forced
// record_judgement tool goes out, a judgement that fits the rubric comes back, priced and logged.

import type { GenerationAttemptLog } from "@parley/generation";
import {
  buildJudgeRequest,
  computeCostUsd,
  createAnthropicProvider,
  DEFAULT_JUDGE_RUBRIC,
  RECORD_JUDGEMENT_TOOL,
} from "@parley/generation";
import { goodContext, goodConversation } from "@parley/generation/testing/quality-fixtures";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningSimulator, startSimulator } from "./start-simulator.ts";

let simulator: RunningSimulator;

beforeAll(async () => {
  const warn = console.warn.bind(console);
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes("is deprecated and will reach end-of-life")) warn(...args);
  });
  simulator = await startSimulator({ seed: 3 });
});
afterAll(() => simulator?.close());

describe("judgeConversation", () => {
  it("scores every rubric criterion through the forced tool, and logs a priced attempt", async () => {
    const provider = createAnthropicProvider({ baseURL: simulator.url, simulated: true });
    const logs: GenerationAttemptLog[] = [];
    const request = buildJudgeRequest(goodConversation, DEFAULT_JUDGE_RUBRIC, {
      tier: goodContext.tier,
      persona: { name: "Marcus Chen" },
      // The brief the conversation was written to: the simulated judge reads the two together.
      arc: { startEmotion: "confusion", endEmotion: "clarity" },
      topic: { name: "401k Basics" },
    });
    const result = await provider.judgeConversation(request, {
      onAttempt: (log) => {
        logs.push(log);
      },
    });

    expect(result.judgement.criteria.map((c) => c.key)).toEqual(
      DEFAULT_JUDGE_RUBRIC.criteria.map((c) => c.key),
    );
    for (const criterion of result.judgement.criteria) {
      expect(criterion.score).toBeGreaterThanOrEqual(0);
      expect(criterion.score).toBeLessThanOrEqual(10);
      expect(criterion.reason.length).toBeGreaterThan(10);
    }
    expect(result.judgement.score).toBeGreaterThan(5);
    expect(result.judgement.issues).toEqual([]);
    expect(result.simulated).toBe(true);

    expect(logs).toHaveLength(1);
    const [log] = logs;
    expect(log?.status).toBe("succeeded");
    expect(log?.request.tool_choice).toMatchObject({ type: "tool", name: RECORD_JUDGEMENT_TOOL });
    expect(log?.request).not.toHaveProperty("temperature");
    expect(log?.costUsd).toBeCloseTo(computeCostUsd(result.model, result.usage), 12);
    expect(result.costUsd).toBeGreaterThan(0);
  });
});
