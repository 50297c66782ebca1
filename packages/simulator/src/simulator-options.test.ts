import { describe, expect, it } from "vitest";
import {
  parseFaultRates,
  parseFlawRates,
  SimulatorConfigError,
  simulatorOptionsFromEnv,
} from "./simulator-options.ts";

describe("simulatorOptionsFromEnv", () => {
  it("reads every PARLEY_SIM_* variable", () => {
    expect(
      simulatorOptionsFromEnv({
        PARLEY_SIM_RPM: "50",
        PARLEY_SIM_ITPM: "30000",
        PARLEY_SIM_OTPM: "8000",
        PARLEY_SIM_LATENCY_MS: "1200",
        PARLEY_SIM_BATCH_DELAY_MS: "5000",
        PARLEY_SIM_SEED: "42",
        PARLEY_SIM_PORT: "0",
        PARLEY_SIM_FAULTS: "429=0.2,529=0.05,500=0.05,malformed=0.02,timeout=0.01",
        PARLEY_SIM_FLAWS: "personaSlip=0.1,repeatedReply=0.05",
        UNRELATED: "x",
      }),
    ).toEqual({
      requestsPerMinute: 50,
      inputTokensPerMinute: 30_000,
      outputTokensPerMinute: 8_000,
      latencyMs: 1_200,
      batchDelayMs: 5_000,
      seed: 42,
      port: 0,
      faults: { "429": 0.2, "529": 0.05, "500": 0.05, malformed: 0.02, timeout: 0.01 },
      flaws: { personaSlip: 0.1, repeatedReply: 0.05 },
    });
  });

  it("treats unset and blank variables as defaults", () => {
    expect(simulatorOptionsFromEnv({ PARLEY_SIM_RPM: " " })).toEqual({});
    expect(simulatorOptionsFromEnv({ PARLEY_SIM_FLAWS: "0" })).toEqual({ flaws: {} });
  });

  it("explains what is wrong with a bad value", () => {
    expect(() => simulatorOptionsFromEnv({ PARLEY_SIM_RPM: "lots" })).toThrow(
      /PARLEY_SIM_RPM must be a number/,
    );
    expect(() => simulatorOptionsFromEnv({ PARLEY_SIM_RPM: "0" })).toThrow(SimulatorConfigError);
    expect(() => simulatorOptionsFromEnv({ PARLEY_SIM_FAULTS: "503=0.1" })).toThrow(
      /unknown fault "503"/,
    );
  });
});

describe("parseFaultRates", () => {
  it("refuses shares outside 0..1 or adding up to more than 1", () => {
    expect(() => parseFaultRates("429=1.5")).toThrow(/from 0 to 1/);
    expect(() => parseFaultRates("429=0.6,500=0.6")).toThrow(/more than 1/);
    expect(() => parseFaultRates("429")).toThrow(/kind=share/);
  });
});

describe("parseFlawRates", () => {
  it("says which flaw or share is wrong and what to write instead", () => {
    expect(() => parseFlawRates("personaSlp=0.1")).toThrow(
      /unknown flaw "personaSlp".*kinds: personaSlip/,
    );
    expect(() => parseFlawRates("flatArc=2")).toThrow(/flatArc: a share must be from 0 to 1/);
    expect(() => parseFlawRates("flatArc=lots")).toThrow(/flatArc: a share must be a number/);
    expect(() => parseFlawRates("flatArc=0.6,tooLong=0.6")).toThrow(/more than 1/);
    expect(() => parseFlawRates("flatArc")).toThrow(/kind=share/);
    expect(() => simulatorOptionsFromEnv({ PARLEY_SIM_FLAWS: "x=1" })).toThrow(
      SimulatorConfigError,
    );
  });

  it("reads none as no flaws", () => {
    expect(parseFlawRates("none")).toEqual({});
    expect(parseFlawRates("tooShort=0.5")).toEqual({ tooShort: 0.5 });
  });
});
