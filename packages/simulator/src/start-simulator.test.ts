import Anthropic from "@anthropic-ai/sdk";
import {
  generatedConversationSchema,
  generationBriefSchema,
  type MessageParams,
  RECORD_CONVERSATION_TOOL,
  RECORD_CONVERSATION_TOOL_DEFINITION,
  renderBrief,
  toMessageParams,
} from "@parley/generation";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { SimulatorOptions } from "./simulator-options.ts";
import { type RunningSimulator, startSimulator } from "./start-simulator.ts";

const running: RunningSimulator[] = [];
beforeAll(() => {
  // The SDK warns on every call that claude-sonnet-4-5 is deprecated; once is enough here.
  const warn = console.warn.bind(console);
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes("is deprecated and will reach end-of-life")) warn(...args);
  });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function simulator(options: SimulatorOptions = {}) {
  const sim = await startSimulator({ seed: 7, ...options });
  running.push(sim);
  const client = new Anthropic({
    apiKey: "test-key",
    baseURL: sim.url,
    maxRetries: 0,
    timeout: 10_000,
  });
  return { sim, client };
}

const brief = generationBriefSchema.parse({
  tier: "template",
  turnCount: 8,
  persona: {
    key: "p",
    name: "Ana Lopez",
    description: "A nurse paying off credit cards.",
    traits: ["careful"],
  },
  arc: { key: "a", name: "Shame to Hope", startEmotion: "ashamed", endEmotion: "hopeful" },
  topic: { key: "t", name: "Debt Payoff" },
});

/** A system block long enough (with the tool) to pass Sonnet's 1,024-token caching minimum. */
const LONG_SYSTEM = `You are Elena Morales, CFP. ${"Speak warmly, avoid jargon, and never give specific investment picks. ".repeat(60)}`;

function params(overrides: Partial<MessageParams> = {}): MessageParams {
  return {
    ...toMessageParams({
      system: LONG_SYSTEM,
      prompt: `Write this conversation.\n${renderBrief(brief)}`,
      brief,
      maxTokens: 4_000,
    }),
    ...overrides,
  };
}

function toolInput(message: Anthropic.Message): unknown {
  const block = message.content.find((b) => b.type === "tool_use");
  return block?.type === "tool_use" ? block.input : undefined;
}

async function apiError(
  promise: Promise<unknown>,
): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Anthropic.APIError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

describe("simulated Messages API", () => {
  it("answers the forced tool with a conversation that matches the schema and the brief", async () => {
    const { client } = await simulator();
    const { data, response } = await client.messages.create(params()).withResponse();
    expect(data).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-sonnet-5-5",
      stop_reason: "tool_use",
    });
    expect(data.id).toMatch(/^msg_/);
    const block = data.content[0];
    expect(block?.type === "tool_use" && block.name).toBe(RECORD_CONVERSATION_TOOL);
    const conversation = generatedConversationSchema.parse(toolInput(data));
    expect(conversation.turns).toHaveLength(8);
    expect(conversation.turns[0]?.emotion.primary).toBe("ashamed");
    expect(conversation.turns.at(-2)?.emotion.primary).toBe("hopeful");
    expect(data.usage.output_tokens).toBeGreaterThan(200);
    expect(data.usage.input_tokens + (data.usage.cache_creation_input_tokens ?? 0)).toBeGreaterThan(
      1_000,
    );
    expect(response.headers.get("request-id")).toMatch(/^req_/);
  });

  it("gives the same answer to the same request", async () => {
    const { client } = await simulator();
    const first = await client.messages.create(params());
    const second = await client.messages.create(params());
    expect(toolInput(second)).toEqual(toolInput(first));
  });

  it("writes the cached system prefix on the first call and reads it on the next", async () => {
    const { client, sim } = await simulator();
    const first = await client.messages.create(params());
    const written = first.usage.cache_creation_input_tokens ?? 0;
    expect(written).toBeGreaterThan(1_024);
    expect(first.usage.cache_read_input_tokens).toBe(0);

    // A different conversation with the same static system block still hits the cache.
    const other = generationBriefSchema.parse({
      ...brief,
      persona: { ...brief.persona, name: "Bo Kim" },
    });
    const second = await client.messages.create(
      params({ messages: [{ role: "user", content: renderBrief(other) }] }),
    );
    expect(second.usage.cache_read_input_tokens).toBe(written);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeLessThan(written / 4);
    expect(sim.stats).toMatchObject({ cacheWrites: 1, cacheReads: 1 });
  });

  it("does not cache a prefix below the model's minimum, like the real API", async () => {
    const { client } = await simulator();
    const short = params({
      system: [{ type: "text", text: "You are brief.", cache_control: { type: "ephemeral" } }],
    });
    await client.messages.create(short);
    const again = await client.messages.create(short);
    expect(again.usage.cache_read_input_tokens).toBe(0);
    expect(again.usage.cache_creation_input_tokens).toBe(0);
  });

  it("reports rate limits on every response and refuses with 429 and retry-after when a bucket is empty", async () => {
    const { client, sim } = await simulator({ requestsPerMinute: 2 });
    const { response } = await client.messages.create(params()).withResponse();
    for (const kind of ["requests", "input-tokens", "output-tokens"]) {
      expect(Number(response.headers.get(`anthropic-ratelimit-${kind}-limit`))).toBeGreaterThan(0);
      expect(response.headers.get(`anthropic-ratelimit-${kind}-remaining`)).toMatch(/^\d+$/);
      expect(response.headers.get(`anthropic-ratelimit-${kind}-reset`)).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
    }
    expect(response.headers.get("anthropic-ratelimit-requests-remaining")).toBe("1");
    await client.messages.create(params());
    const error = await apiError(client.messages.create(params()));
    expect(error.status).toBe(429);
    expect(error.type).toBe("rate_limit_error");
    expect(error.message).toMatch(/2 requests per minute/);
    // Two per minute: the next request is available within 30 seconds.
    const retryAfter = Number(error.headers?.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(error.headers?.get("anthropic-ratelimit-requests-remaining")).toBe("0");
    expect(sim.stats.rateLimited).toBe(1);
  });

  it("counts output against max_tokens up front, then refunds what the answer did not use", async () => {
    const { client } = await simulator({ outputTokensPerMinute: 10_000 });
    const { response } = await client.messages.create(params({ max_tokens: 8_000 })).withResponse();
    const remaining = Number(response.headers.get("anthropic-ratelimit-output-tokens-remaining"));
    expect(remaining).toBeGreaterThan(10_000 - 2_000);
    const error = await apiError(
      Promise.all([
        client.messages.create(params({ max_tokens: 9_500 })),
        client.messages.create(params({ max_tokens: 9_500 })),
      ]),
    );
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/output tokens per minute/);
  });

  it.each([
    ["429", 429, "rate_limit_error"],
    ["529", 529, "overloaded_error"],
    ["500", 500, "api_error"],
  ] as const)("injects a %s fault", async (fault, status, type) => {
    const { client, sim } = await simulator({ faultRetryAfterSeconds: 3 });
    sim.queueFaults(fault);
    const error = await apiError(client.messages.create(params()));
    expect(error.status).toBe(status);
    expect(error.type).toBe(type);
    if (status === 429) expect(error.headers?.get("retry-after")).toBe("3");
    expect(sim.stats.faults[fault]).toBe(1);
    // Faults affect one call; the next one succeeds.
    await expect(client.messages.create(params())).resolves.toMatchObject({
      stop_reason: "tool_use",
    });
  });

  it("injects malformed output: a tool input that fails the schema", async () => {
    const { client, sim } = await simulator();
    sim.queueFaults("malformed", "malformed", "malformed");
    for (let i = 0; i < 3; i++) {
      const message = await client.messages.create(params());
      expect(generatedConversationSchema.safeParse(toolInput(message)).success).toBe(false);
    }
  });

  it("injects truncated JSON text when structured output is requested as text", async () => {
    const { client, sim } = await simulator();
    const { tools: _tools, tool_choice: _choice, ...rest } = params();
    const jsonParams = {
      ...rest,
      output_config: {
        format: {
          type: "json_schema" as const,
          schema: RECORD_CONVERSATION_TOOL_DEFINITION.input_schema,
        },
      },
    };
    const good = await client.messages.create(jsonParams);
    const goodText = good.content[0]?.type === "text" ? good.content[0].text : "";
    expect(generatedConversationSchema.safeParse(JSON.parse(goodText)).success).toBe(true);
    sim.queueFaults("malformed");
    const bad = await client.messages.create(jsonParams);
    const badText = bad.content[0]?.type === "text" ? bad.content[0].text : "";
    expect(() => JSON.parse(badText)).toThrow();
  });

  it("injects a timeout: hangs until the client gives up", async () => {
    const { sim } = await simulator();
    const impatient = new Anthropic({ apiKey: "k", baseURL: sim.url, maxRetries: 0, timeout: 300 });
    sim.queueFaults("timeout");
    const started = Date.now();
    const error = await apiError(impatient.messages.create(params()));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await expect.poll(() => sim.stats.aborted).toBe(1);
  });

  it("draws faults at the configured rate, reproducibly for a seed", async () => {
    const outcomes = async () => {
      const { client } = await simulator({ seed: 42, faults: { "500": 0.5 } });
      const results: number[] = [];
      for (let i = 0; i < 20; i++) {
        results.push(
          await client.messages.create(params()).then(
            () => 200,
            (e: { status: number }) => e.status,
          ),
        );
      }
      return results;
    };
    const first = await outcomes();
    expect(await outcomes()).toEqual(first);
    const failures = first.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(17);
  });

  it("does no work after the client goes away", async () => {
    const { client, sim } = await simulator({ latencyMs: 3_000 });
    const controller = new AbortController();
    const call = client.messages.create(params(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(call).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
    await expect.poll(() => sim.stats.aborted).toBe(1);
    expect(sim.stats.succeeded).toBe(0);
    // Nothing was cached by the abandoned call: the next one writes the cache afresh.
    const next = await client.messages.create(params({ max_tokens: 50 }));
    expect(next.stop_reason).toBe("max_tokens");
    expect(next.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(next.usage.cache_read_input_tokens).toBe(0);
  });
});

describe("request validation", () => {
  it.each([
    ["temperature", { temperature: 0.7 }, /temperature.*not supported.*2026-10-21/],
    ["top_p", { top_p: 0.9 }, /top_p/],
    ["top_k", { top_k: 5 }, /top_k/],
    ["a missing max_tokens", { max_tokens: undefined }, /max_tokens/],
    ["too many max_tokens", { max_tokens: 100_000 }, /max_tokens: 100000 > 64000/],
    ["an unknown field", { temprature: 1 }, /temprature: Extra inputs are not permitted/],
    ["an empty message list", { messages: [] }, /messages: at least one message/],
    ["a bad role", { messages: [{ role: "robot", content: "hi" }] }, /messages\.0\.role/],
    [
      "a bad cache_control",
      { system: [{ type: "text", text: "x", cache_control: { type: "forever" } }] },
      /cache_control/,
    ],
    [
      "a tool_choice naming no tool",
      { tool_choice: { type: "tool", name: "nope" } },
      /no tool named "nope"/,
    ],
  ])("refuses %s with a 400 invalid_request_error", async (_label, overrides, message) => {
    const { client } = await simulator();
    const error = await apiError(
      client.messages.create({ ...params(), ...overrides } as MessageParams),
    );
    expect(error.status).toBe(400);
    expect(error.type).toBe("invalid_request_error");
    expect(error.apiMessage).toMatch(message);
  });

  it("refuses an unknown model with 404 and an unparseable body with 400", async () => {
    const { client, sim } = await simulator();
    expect((await apiError(client.messages.create(params({ model: "gpt-4o" })))).status).toBe(404);
    const raw = await fetch(`${sim.url}/v1/messages`, {
      method: "POST",
      headers: {
        "x-api-key": "k",
        "anthropic-version": "2026-10-21",
        "content-type": "application/json",
      },
      body: "{not json",
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error" },
    });
  });

  it("requires an API key and an anthropic-version header", async () => {
    const { sim } = await simulator();
    const noKey = await fetch(`${sim.url}/v1/messages`, {
      method: "POST",
      headers: { "anthropic-version": "2026-10-21" },
      body: "{}",
    });
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get("request-id")).toMatch(/^req_/);
    const noVersion = await fetch(`${sim.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": "k" },
      body: "{}",
    });
    expect(noVersion.status).toBe(400);
    const body = (await noVersion.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/anthropic-version/);
  });
});

describe("token counting", () => {
  it("counts the same input tokens a message call is billed for", async () => {
    const { client } = await simulator();
    const { max_tokens: _max, tool_choice, ...rest } = params();
    const counted = await client.messages.countTokens({
      ...rest,
      ...(tool_choice ? { tool_choice } : {}),
    });
    const message = await client.messages.create(params());
    const billed =
      message.usage.input_tokens +
      (message.usage.cache_creation_input_tokens ?? 0) +
      (message.usage.cache_read_input_tokens ?? 0);
    expect(counted.input_tokens).toBe(billed);
  });
});

describe("simulated Message Batches", () => {
  it("runs a batch from in_progress to ended with a result for each custom_id", async () => {
    const { client, sim } = await simulator({ batchDelayMs: 300 });
    sim.queueFaults("none", "529", "timeout", "malformed");
    const batch = await client.messages.batches.create({
      requests: [
        { custom_id: "ok", params: params() },
        { custom_id: "overloaded", params: params() },
        { custom_id: "slow", params: params() },
        { custom_id: "garbled", params: params() },
        { custom_id: "invalid", params: { ...params(), temperature: 1 } as MessageParams },
      ],
    });
    expect(batch).toMatchObject({
      type: "message_batch",
      processing_status: "in_progress",
      results_url: null,
    });
    expect(batch.request_counts).toMatchObject({ processing: 5, succeeded: 0 });
    await expect(client.messages.batches.results(batch.id)).rejects.toThrow(/results_url/);

    await new Promise((resolve) => setTimeout(resolve, 350));
    const ended = await client.messages.batches.retrieve(batch.id);
    expect(ended.processing_status).toBe("ended");
    expect(ended.ended_at).not.toBeNull();
    expect(ended.results_url).toBe(`${sim.url}/v1/messages/batches/${batch.id}/results`);
    expect(ended.request_counts).toEqual({
      processing: 0,
      succeeded: 2,
      errored: 2,
      expired: 1,
      canceled: 0,
    });

    const results = new Map<string, Anthropic.Messages.MessageBatchResult>();
    for await (const item of await client.messages.batches.results(batch.id))
      results.set(item.custom_id, item.result);
    const ok = results.get("ok");
    expect(ok?.type).toBe("succeeded");
    if (ok?.type === "succeeded") {
      expect(generatedConversationSchema.safeParse(toolInput(ok.message)).success).toBe(true);
      expect(ok.message.usage.service_tier).toBe("batch");
    }
    expect(results.get("overloaded")).toMatchObject({
      type: "errored",
      error: { error: { type: "overloaded_error" } },
    });
    expect(results.get("slow")).toEqual({ type: "expired" });
    const garbled = results.get("garbled");
    expect(
      garbled?.type === "succeeded" &&
        generatedConversationSchema.safeParse(toolInput(garbled.message)).success,
    ).toBe(false);
    expect(results.get("invalid")).toMatchObject({
      type: "errored",
      error: { error: { type: "invalid_request_error" } },
    });
  });

  it("cancels a batch: requests not yet reached come back canceled", async () => {
    const { client } = await simulator({ batchDelayMs: 60_000 });
    const batch = await client.messages.batches.create({
      requests: [0, 1, 2].map((i) => ({ custom_id: `r${i}`, params: params() })),
    });
    const canceling = await client.messages.batches.cancel(batch.id);
    expect(canceling.processing_status).toBe("canceling");
    expect(canceling.cancel_initiated_at).not.toBeNull();
    const ended = await client.messages.batches.retrieve(batch.id);
    expect(ended.processing_status).toBe("ended");
    expect(ended.request_counts.canceled).toBe(3);
    const types: string[] = [];
    for await (const item of await client.messages.batches.results(batch.id))
      types.push(item.result.type);
    expect(types).toEqual(["canceled", "canceled", "canceled"]);
  });

  it("refuses a batch with duplicate custom_ids, and reports an unknown batch as not found", async () => {
    const { client } = await simulator();
    const duplicate = await apiError(
      client.messages.batches.create({
        requests: [
          { custom_id: "a", params: params() },
          { custom_id: "a", params: params() },
        ],
      }),
    );
    expect(duplicate.status).toBe(400);
    expect(duplicate.message).toMatch(/custom_id must be unique/);
    expect((await apiError(client.messages.batches.retrieve("msgbatch_nope"))).status).toBe(404);
  });
});
