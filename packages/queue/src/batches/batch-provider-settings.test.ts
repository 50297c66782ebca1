import { SimulatorConfigError } from "@parley/simulator";
import { describe, expect, it } from "vitest";
import { batchProviderSettingsFromEnv } from "./batch-provider-settings.ts";

describe("batchProviderSettingsFromEnv", () => {
  it("labels batches simulated without a key and gives the estimate the simulator's timing", () => {
    expect(
      batchProviderSettingsFromEnv({
        PARLEY_SIM_LATENCY_MS: "1200",
        PARLEY_SIM_BATCH_DELAY_MS: "5000",
        PARLEY_SIM_RPM: "50",
      }),
    ).toEqual({ simulated: true, simulator: { latencyMs: 1200, batchDelayMs: 5000 } });
  });

  it("uses the simulator's own defaults where its timing is not set", () => {
    expect(batchProviderSettingsFromEnv({ ANTHROPIC_API_KEY: "" })).toEqual({
      simulated: true,
      simulator: {},
    });
  });

  it("with a key, batches are real and the simulator's settings are not read", () => {
    expect(
      batchProviderSettingsFromEnv({
        ANTHROPIC_API_KEY: "sk-ant-x",
        PARLEY_SIM_LATENCY_MS: "soon",
      }),
    ).toEqual({ simulated: false });
  });

  it("refuses a simulator setting that is not a number, naming it", () => {
    expect(() => batchProviderSettingsFromEnv({ PARLEY_SIM_LATENCY_MS: "soon" })).toThrow(
      SimulatorConfigError,
    );
    expect(() => batchProviderSettingsFromEnv({ PARLEY_SIM_LATENCY_MS: "soon" })).toThrow(
      /PARLEY_SIM_LATENCY_MS/,
    );
  });
});
