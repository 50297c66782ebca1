import type { GenerationAttemptLog } from "@parley/generation";
import {
  type AnthropicProviderOptions,
  type ConversationRequest,
  computeCostUsd,
  createAnthropicProvider,
  createRateLimiter,
  generationBriefSchema,
  type MessageBatchItemResult,
  ProviderError,
  renderBrief,
  UnknownModelError,
} from "@parley/generation";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { SimulatorOptions } from "./simulator-options.ts";
import { type RunningSimulator, startSimulator } from "./start-simulator.ts";

beforeAll(() => {
  // The SDK warns on every call that claude-sonnet-4-5 is deprecated; once is enough here.
  const warn = console.warn.bind(console);
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes("is deprecated and will reach end-of-life")) warn(...args);
  });
});

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

const SYSTEM = `You are Elena Morales, CFP. ${"Be warm, plain-spoken and never recommend specific products. ".repeat(60)}`;

function request(
  name = "Ana Lopez",
  overrides: Partial<ConversationRequest> = {},
): ConversationRequest {
  const brief = generationBriefSchema.parse({
    tier: "template",
    turnCount: 6,
    persona: {
      key: "p",
      name,
      description: "A nurse paying off credit cards.",
      traits: ["careful"],
    },
    arc: { key: "a", name: "Shame to Hope", startEmotion: "ashamed", endEmotion: "hopeful" },
    topic: { key: "t", name: "Debt Payoff" },
  });
  return {
    system: SYSTEM,
    prompt: `Write the conversation.\n${renderBrief(brief)}`,
    brief,
    maxTokens: 4_000,
    ...overrides,
  };
}

async function setup(sim: SimulatorOptions = {}, provider: Partial<AnthropicProviderOptions> = {}) {
  const simulator = await startSimulator({ seed: 3, faultRetryAfterSeconds: 0, ...sim });
  running.push(simulator);
  const logs: GenerationAttemptLog[] = [];
  const p = createAnthropicProvider({
    baseURL: simulator.url,
    simulated: true,
    backoff: { baseMs: 5, maxMs: 20 },
    ...provider,
  });
  const onAttempt = (log: GenerationAttemptLog) => {
    logs.push(log);
  };
  return { simulator, provider: p, logs, onAttempt };
}

describe("generateConversation", () => {
  it("returns a validated conversation with usage, cost and a log of the call", async () => {
    const { provider, logs, onAttempt } = await setup();
    const result = await provider.generateConversation(request(), { onAttempt });
    expect(result.conversation.turns).toHaveLength(6);
    expect(result).toMatchObject({ model: "claude-sonnet-5-5", attempts: 1, simulated: true });
    expect(result.requestId).toMatch(/^req_/);
    expect(result.usage.outputTokens).toBeGreaterThan(100);
    expect(result.costUsd).toBeCloseTo(computeCostUsd("claude-sonnet-5-5", result.usage), 12);
    expect(result.costUsd).toBeGreaterThan(0);

    expect(logs).toHaveLength(1);
    const log = logs[0] as GenerationAttemptLog;
    expect(log).toMatchObject({
      attempt: 1,
      status: "succeeded",
      errorCode: null,
      simulated: true,
      requestId: result.requestId,
    });
    expect(log.usage).toEqual(result.usage);
    expect(log.rawText).toBe(result.rawText);
    expect(log.durationMs).toBeGreaterThanOrEqual(0);
    // What was sent: cached system block, forced tool, and no sampling parameters.
    expect(log.request.system).toEqual([
      { type: "text", text: SYSTEM, cache_control: { type: "ephemeral" } },
    ]);
    expect(log.request.tool_choice).toMatchObject({ type: "tool", name: "record_conversation" });
    expect(log.request).not.toHaveProperty("temperature");
    expect(log.request).not.toHaveProperty("top_p");
    expect(log.request).not.toHaveProperty("top_k");
    expect(JSON.stringify(log)).not.toContain("simulated-key");
  });

  it("reports the repeated system prompt as a cache read, which costs less", async () => {
    const { provider } = await setup();
    const first = await provider.generateConversation(request("Ana Lopez"));
    const second = await provider.generateConversation(request("Bo Kim"));
    expect(first.usage.cacheCreationInputTokens).toBeGreaterThan(1_000);
    expect(second.usage.cacheReadInputTokens).toBe(first.usage.cacheCreationInputTokens);
    const inputCost = (r: typeof first) => computeCostUsd(r.model, { ...r.usage, outputTokens: 0 });
    expect(inputCost(second)).toBeLessThan(inputCost(first) / 3);
  });

  it("retries malformed output and succeeds, logging the bad attempt", async () => {
    const { provider, simulator, logs, onAttempt } = await setup();
    simulator.queueFaults("malformed");
    const result = await provider.generateConversation(request(), { onAttempt });
    expect(result.attempts).toBe(2);
    expect(logs.map((l) => [l.status, l.errorCode])).toEqual([
      ["retrying", "malformed_output"],
      ["succeeded", null],
    ]);
    expect(logs[0]?.errorMessage).toMatch(/does not match the schema/);
    expect(logs[0]?.rawText).toBeTruthy();
    // The malformed answer was billed, so it counts in the total.
    expect(result.costUsd).toBeCloseTo((logs[0]?.costUsd ?? 0) + (logs[1]?.costUsd ?? 0), 12);
  });

  it("fails with malformed_output and the raw text when every answer is malformed", async () => {
    const { provider, simulator, logs, onAttempt } = await setup({}, { malformedRetries: 2 });
    simulator.queueFaults("malformed", "malformed", "malformed");
    const error = await provider
      .generateConversation(request(), { onAttempt })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: "malformed_output", attempts: 3, retryable: false });
    expect((error as ProviderError).rawText).toContain('"turns"');
    expect(logs.map((l) => l.status)).toEqual(["retrying", "retrying", "failed"]);
  });

  it("retries 429 and 529, and never reports them as failures when a later attempt succeeds", async () => {
    const { provider, simulator, logs, onAttempt } = await setup();
    simulator.queueFaults("429", "529", "429");
    const result = await provider.generateConversation(request(), { onAttempt });
    expect(result.attempts).toBe(4);
    expect(logs.map((l) => [l.status, l.errorCode])).toEqual([
      ["rate_limited", "rate_limited"],
      ["retrying", "overloaded"],
      ["rate_limited", "rate_limited"],
      ["succeeded", null],
    ]);
    expect(logs.some((l) => l.status === "failed")).toBe(false);
    expect(provider.rateLimiter.snapshot().concurrencyLimit).toBeLessThan(8);
  });

  it("waits out the server's retry-after before trying again", async () => {
    const { provider, simulator, logs, onAttempt } = await setup({ faultRetryAfterSeconds: 1 });
    simulator.queueFaults("429");
    const started = Date.now();
    await provider.generateConversation(request(), { onAttempt });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(logs.map((l) => l.status)).toEqual(["rate_limited", "succeeded"]);
  });

  it("gives up on server errors after maxAttempts", async () => {
    const { provider, logs, onAttempt } = await setup({ faults: { "500": 1 } }, { maxAttempts: 3 });
    const error = await provider
      .generateConversation(request(), { onAttempt })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "server_error",
      status: 500,
      attempts: 3,
      retryable: true,
    });
    expect(logs.map((l) => l.status)).toEqual(["retrying", "retrying", "failed"]);
  });

  it("does not retry a bad request", async () => {
    const { provider, simulator, logs, onAttempt } = await setup();
    const error = await provider
      .generateConversation(request("Ana", { maxTokens: 100_000 }), { onAttempt })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "invalid_request",
      status: 400,
      attempts: 1,
      retryable: false,
    });
    expect((error as Error).message).toMatch(/max_tokens/);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ status: "failed", errorCode: "invalid_request" });
    expect(simulator.stats.messages).toBe(1);
  });

  it("retries a timeout", async () => {
    const { provider, simulator, logs, onAttempt } = await setup({}, { timeoutMs: 300 });
    simulator.queueFaults("timeout");
    const result = await provider.generateConversation(request(), { onAttempt });
    expect(result.attempts).toBe(2);
    expect(logs[0]).toMatchObject({ status: "retrying", errorCode: "timeout" });
  });

  it("stops at once when the signal aborts, on the wire or while backing off", async () => {
    const { provider, simulator } = await setup({ latencyMs: 10_000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const error = await provider
      .generateConversation(request(), { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "aborted" });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect.poll(() => simulator.stats.aborted).toBe(1);

    const waiting = await setup({ faultRetryAfterSeconds: 30 });
    waiting.simulator.queueFaults("429");
    const second = new AbortController();
    setTimeout(() => second.abort(), 200);
    const backoffStart = Date.now();
    const backoffError = await waiting.provider
      .generateConversation(request(), { signal: second.signal })
      .catch((e: unknown) => e);
    expect(backoffError).toMatchObject({ code: "aborted" });
    expect(Date.now() - backoffStart).toBeLessThan(2_000);
  });

  it("takes its rate limits from the provider's headers", async () => {
    const limiter = createRateLimiter({ requestsPerMinute: 5 });
    const { provider } = await setup({ requestsPerMinute: 777 }, { rateLimiter: limiter });
    await provider.generateConversation(request());
    expect(limiter.snapshot().requests.limit).toBe(777);
  });

  it("refuses a model without a price", () => {
    expect(() => createAnthropicProvider({ simulated: true, model: "claude-unknown-9" })).toThrow(
      UnknownModelError,
    );
  });
});

describe("Message Batches", () => {
  it("creates a batch, follows it to the end and reads parsed results at half price", async () => {
    const { provider, simulator } = await setup({ batchDelayMs: 200 });
    simulator.queueFaults("none", "malformed", "500");
    const batch = await provider.createMessageBatch([
      { customId: "good", request: request("Ana Lopez") },
      { customId: "garbled", request: request("Bo Kim") },
      { customId: "broken", request: request("Cy Diaz") },
    ]);
    expect(batch.processing_status).toBe("in_progress");
    await new Promise((resolve) => setTimeout(resolve, 250));
    const ended = await provider.retrieveMessageBatch(batch.id);
    expect(ended.processing_status).toBe("ended");

    const results = new Map<string, MessageBatchItemResult>();
    for await (const item of provider.messageBatchResults(batch.id))
      results.set(item.customId, item);
    const good = results.get("good");
    expect(good?.type).toBe("succeeded");
    if (good?.type === "succeeded") {
      expect(good.conversation.turns).toHaveLength(6);
      expect(good.costUsd).toBeCloseTo(computeCostUsd(good.model, good.usage) / 2, 12);
    }
    const garbled = results.get("garbled");
    expect(garbled?.type).toBe("malformed");
    if (garbled?.type === "malformed") expect(garbled.error.code).toBe("malformed_output");
    const broken = results.get("broken");
    expect(broken?.type === "errored" && broken.error.code).toBe("server_error");
  });

  it("cancels a batch", async () => {
    const { provider } = await setup({ batchDelayMs: 60_000 });
    const batch = await provider.createMessageBatch([{ customId: "a", request: request() }]);
    const canceling = await provider.cancelMessageBatch(batch.id);
    expect(canceling.processing_status).toBe("canceling");
    const types: string[] = [];
    for await (const item of provider.messageBatchResults(batch.id)) types.push(item.type);
    expect(types).toEqual(["canceled"]);
  });
});
