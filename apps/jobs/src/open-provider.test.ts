import { generationBriefSchema, renderBrief } from "@parley/generation";
import { type RunningSimulator, startSimulator } from "@parley/simulator";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openProvider, type ProviderHandle } from "./open-provider.ts";

beforeAll(() => {
  const warn = console.warn.bind(console);
  vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes("is deprecated and will reach end-of-life")) warn(...args);
  });
});

const handles: ProviderHandle[] = [];
const simulators: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all([
    ...handles.splice(0).map((h) => h.close()),
    ...simulators.splice(0).map((s) => s.close()),
  ]);
});

const brief = generationBriefSchema.parse({
  tier: "template",
  turnCount: 4,
  persona: { key: "p", name: "Ana", description: "A nurse." },
  arc: { key: "a", name: "Arc", startEmotion: "anxious", endEmotion: "calm" },
  topic: { key: "t", name: "Budgeting" },
});
const request = {
  system: "You are a planner.",
  prompt: renderBrief(brief),
  brief,
  maxTokens: 2_000,
};

describe("openProvider", () => {
  it("starts its own simulator on loopback when there is no API key and no shared one", async () => {
    const handle = await openProvider({
      env: { PARLEY_SIM_RPM: "321", PARLEY_MODEL: "claude-haiku-4-5" },
    });
    handles.push(handle);
    expect(handle.provider.simulated).toBe(true);
    expect(handle.simulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const result = await handle.provider.generateConversation(request);
    expect(result).toMatchObject({ simulated: true, model: "claude-haiku-4-5" });
    expect(handle.provider.rateLimiter.snapshot().requests.limit).toBe(321);
    await handle.close();
    await expect(fetch(`${handle.simulatorUrl}/v1/messages`)).rejects.toThrow();
  });

  it("uses the install's shared simulator at ANTHROPIC_BASE_URL without a key, starting none", async () => {
    const shared = await startSimulator();
    simulators.push(shared);
    const handle = await openProvider({ env: { ANTHROPIC_BASE_URL: shared.url } });
    handles.push(handle);
    expect(handle.ownSimulator).toBeNull();
    const result = await handle.provider.generateConversation(request);
    expect(result.simulated).toBe(true);
    expect(shared.stats.messages).toBe(1);
  });

  it("talks to the real API (here: a stand-in at ANTHROPIC_BASE_URL) when a key is set", async () => {
    const standIn = await startSimulator();
    simulators.push(standIn);
    const handle = await openProvider({
      env: { ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: standIn.url },
    });
    handles.push(handle);
    expect(handle.simulatorUrl).toBeNull();
    const result = await handle.provider.generateConversation(request);
    expect(result.simulated).toBe(false);
    expect(standIn.stats.messages).toBe(1);
  });

  it("reports a bad simulator setting instead of starting", async () => {
    await expect(openProvider({ env: { PARLEY_SIM_FAULTS: "teapot=1" } })).rejects.toThrow(
      /unknown fault "teapot"/,
    );
  });
});
