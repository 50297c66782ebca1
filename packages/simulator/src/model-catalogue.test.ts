import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import {
  buildModelCatalogue,
  checkModelChoice,
  estimateBatch,
  findCatalogueModel,
  listAccountModels,
  parseModelPriceOverrides,
  SDK_DEFAULT_MODEL,
  SDK_DEPRECATED_MODELS,
} from "@parley/generation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "./start-simulator.ts";

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({ seed: 3 });
});

afterAll(async () => {
  await simulator?.close();
});

describe("the SDK's models", () => {
  it("carries exactly the deprecations the installed SDK warns about", () => {
    // The SDK does not export its table; read the file it ships, which its warning comes from.
    const sdkEntry = createRequire(import.meta.url).resolve("@anthropic-ai/sdk");
    const source = readFileSync(
      join(dirname(sdkEntry), "internal", "data", "deprecated-models.js"),
      "utf8",
    );
    const sdkTable = Object.fromEntries(
      [...source.matchAll(/'([^']+)': '([^']+)'/g)].map((match) => [match[1], match[2]]),
    );
    expect(SDK_DEPRECATED_MODELS).toEqual(sdkTable);
  });

  it("defaults to the newest Sonnet the SDK does not deprecate, and warns for a deprecated one", () => {
    expect(SDK_DEFAULT_MODEL).toBe("claude-sonnet-5-5");
    const catalogue = buildModelCatalogue();
    expect(catalogue.defaultModel).toBe("claude-sonnet-5-5");
    const old = checkModelChoice(catalogue, "claude-sonnet-4-5");
    expect(old.warnings).toEqual([expect.stringMatching(/deprecated.*end of life on 2026-11-30/)]);
    expect(checkModelChoice(catalogue, "claude-sonnet-5-5").warnings).toEqual([]);
  });

  it("prices each model with its own published cache prices", () => {
    const sonnet = findCatalogueModel(buildModelCatalogue(), "claude-sonnet-5-5");
    expect(sonnet?.price).toMatchObject({
      inputPerMTok: 2,
      outputPerMTok: 10,
      cacheWritePerMTok: 2.5,
      cacheReadPerMTok: 0.1,
      batchMultiplier: 0.5,
    });
    expect(sonnet?.priceSource).toBe("published");
  });
});

describe("the catalogue with the account's Models API (the simulator's)", () => {
  it("merges the SDK's list with what the account can use, retired models included", async () => {
    const accountModels = await listAccountModels({ apiKey: "simulated", baseURL: simulator.url });
    const catalogue = buildModelCatalogue({ accountModels });
    expect(catalogue.fromModelsApi).toBe(true);

    const sonnet = findCatalogueModel(catalogue, "claude-sonnet-5-5");
    expect(sonnet).toMatchObject({ available: true, knownFrom: ["sdk", "models-api"] });
    // Known to the SDK, but not listed for this account (limited availability).
    expect(findCatalogueModel(catalogue, "claude-mythos-5-1")?.available).toBe(false);
    // Known only from the Models API, as retired.
    expect(findCatalogueModel(catalogue, "claude-opus-4-1")).toMatchObject({
      lifecycle: "retired",
      knownFrom: ["models-api"],
    });

    expect(() => checkModelChoice(catalogue, "claude-opus-4-1")).toThrow(/was retired/);
    expect(() => checkModelChoice(catalogue, "claude-mythos-5-1")).toThrow(
      /not available to this account/,
    );
    expect(() => checkModelChoice(catalogue, "claude-unknown-9")).toThrow(
      /not a Claude model.*Choose one of: .*claude-sonnet-5-5/,
    );
  });

  it("answers a message to an unknown model with the API's not_found_error", async () => {
    const client = new Anthropic({ apiKey: "simulated", baseURL: simulator.url, maxRetries: 0 });
    const error = await client.messages
      .create({
        model: "claude-unknown-9",
        max_tokens: 10,
        messages: [{ role: "user", content: "Hello" }],
      })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({
      type: "error",
      error: { type: "not_found_error", message: "model: claude-unknown-9" },
    });
  });
});

describe("price overrides and unpriced models", () => {
  const installPrices = parseModelPriceOverrides(
    JSON.stringify({
      "claude-mythos-5-2": { inputPerMTok: 8, outputPerMTok: 40 },
      "claude-sonnet-5-5": { inputPerMTok: 2.2, outputPerMTok: 11 },
    }),
    "test file",
  );

  it("lets the install price a model and the workspace override the install", () => {
    const catalogue = buildModelCatalogue({
      installPrices,
      workspacePrices: { "claude-sonnet-5-5": { inputPerMTok: 1.8, outputPerMTok: 9 } },
    });
    expect(findCatalogueModel(catalogue, "claude-mythos-5-2")).toMatchObject({
      priceSource: "install",
      price: { inputPerMTok: 8, cacheWritePerMTok: 10, cacheReadPerMTok: 0.8 },
    });
    expect(findCatalogueModel(catalogue, "claude-sonnet-5-5")).toMatchObject({
      priceSource: "workspace",
      price: { inputPerMTok: 1.8, outputPerMTok: 9 },
    });
  });

  it("refuses a malformed price file with what is wrong", () => {
    expect(() =>
      parseModelPriceOverrides('{"claude-x": {"inputPerMTok": -1}}', "PARLEY_MODEL_PRICES"),
    ).toThrow(/PARLEY_MODEL_PRICES must map model ids to prices/);
  });

  it("needs an explicit confirmation for an unpriced model, and then estimates tokens but not cost", () => {
    const catalogue = buildModelCatalogue();
    expect(findCatalogueModel(catalogue, "claude-mythos-5-2")?.price).toBeNull();
    expect(() => checkModelChoice(catalogue, "claude-mythos-5-2")).toThrow(
      /No price is known.*Confirm that the cost is unknown/,
    );
    const choice = checkModelChoice(catalogue, "claude-mythos-5-2", { acceptUnknownCost: true });
    expect(choice).toMatchObject({ costUnknown: true, price: null });

    const estimate = estimateBatch({
      tierCounts: { template: 10 },
      model: "claude-mythos-5-2",
      price: choice.price,
      concurrency: 2,
      mode: "realtime",
      promptCaching: true,
      latencyMs: 1000,
    });
    expect(estimate.costKnown).toBe(false);
    expect(estimate.total.outputTokens).toBeGreaterThan(0);
    expect(estimate.warnings[0]).toMatch(/^Cost unknown: no price is known for claude-mythos-5-2/);
  });
});
