// The worker stores the account's Models API answer (here the simulator's) and the install's
// price file, which the web app and the CLI build their catalogue from without the API key.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProviderModelList } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { type RunningSimulator, startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshModelList } from "./refresh-model-list.ts";

let database: TestDatabase;
let simulator: RunningSimulator;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  simulator = await startSimulator({ seed: 2 });
  dir = await mkdtemp(join(tmpdir(), "parley-prices-"));
});

afterAll(async () => {
  await simulator?.close();
  await database?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("refreshModelList", () => {
  it("stores the account's models, retired ones included, with the install's prices", async () => {
    const prices = join(dir, "prices.json");
    await writeFile(
      prices,
      JSON.stringify({ "claude-mythos-5-2": { inputPerMTok: 8, outputPerMTok: 40 } }),
    );
    const logged: string[] = [];
    await refreshModelList({
      db: database.db,
      env: { PARLEY_MODEL_PRICES: prices },
      simulatorUrl: simulator.url,
      log: (message) => logged.push(message),
    });
    expect(logged).toEqual([]);
    const list = await findProviderModelList(database.db, { provider: "simulated" });
    const models = (list?.models ?? []) as { id: string; lifecycle: string }[];
    expect(models.find((model) => model.id === "claude-sonnet-5-5")?.lifecycle).toBe("active");
    expect(models.find((model) => model.id === "claude-opus-4-1")?.lifecycle).toBe("retired");
    expect(list?.installPrices).toEqual({
      "claude-mythos-5-2": { inputPerMTok: 8, outputPerMTok: 40 },
    });
  });

  it("says why, instead of throwing, when the price file is broken", async () => {
    const broken = join(dir, "broken.json");
    await writeFile(broken, "{ not json");
    const logged: string[] = [];
    await refreshModelList({
      db: database.db,
      env: { PARLEY_MODEL_PRICES: broken },
      simulatorUrl: simulator.url,
      log: (message) => logged.push(message),
    });
    expect(logged).toEqual([
      expect.stringMatching(/PARLEY_MODEL_PRICES \(.*broken\.json\) is not valid JSON/),
    ]);
  });
});
