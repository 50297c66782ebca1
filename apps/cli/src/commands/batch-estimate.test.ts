// `parley batch estimate` and the model checks of `parley batch create`, as an operator runs
// them: a child process against a real Postgres, reading its exit code, stdout and stderr.
import { ensureDefaultWorkspace, saveProviderModelList } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { listAccountModels } from "@parley/generation";
import { startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runParley } from "../test-support/run-parley.ts";

let database: TestDatabase;

const parley = (args: string[]) => runParley(args, { databaseUrl: database.url, published: true });

async function batchRows() {
  const jobs = await database.db
    .selectFrom("batch_jobs")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  const items = await database.db
    .selectFrom("batch_items")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return { jobs: Number(jobs.n), items: Number(items.n) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await ensureDefaultWorkspace(database.db);
});

afterAll(async () => {
  await database?.destroy();
});

describe("parley batch estimate", () => {
  it("prices each tier, the judge, both modes and caching, and writes no row", async () => {
    const before = await batchRows();
    const run = await parley(["batch", "estimate", "--count", "20", "--judge", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed.model).toMatchObject({ model: "claude-sonnet-5-5", costUnknown: false });
    expect(printed.priceSource).toBe("published");
    expect(printed.estimate.total.count).toBe(20);
    expect(printed.estimate.judge.count).toBe(20);
    expect(printed.estimate.comparison.messageBatches.costUsd).toBeLessThan(
      printed.estimate.comparison.realtime.costUsd,
    );
    expect(await batchRows()).toEqual(before);

    const table = await parley(["batch", "create", "--dry-run", "--count", "5"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Claude Sonnet 5\.5 \(claude-sonnet-5-5\)/);
    expect(table.stdout).toMatch(/published prices, checked 2026-12-06/);
    expect(table.stdout).toMatch(/Message Batches: \$/);
    expect(table.stdout).toMatch(/Nothing was created\./);
    // Five conversations write the cache more than they read it back: the line says it adds cost.
    expect(table.stdout).toMatch(/Prompt caching on: (saves|adds) \$\d/);
    expect(table.stdout).not.toMatch(/\$-/);
    expect(await batchRows()).toEqual(before);
  });

  it("says the cost is unknown for an unpriced model instead of $0", async () => {
    const run = await parley([
      "batch",
      "estimate",
      "--count",
      "5",
      "--model",
      "claude-mythos-5-2",
      "--accept-unknown-cost",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/total .* unknown/);
    expect(run.stdout).not.toMatch(/\$0\.00/);
    expect(run.stdout).toMatch(/Warning: Cost unknown/);
  });
});

describe("parley batch create: the model", () => {
  it("refuses an unpriced model without the confirmation, and takes it with one", async () => {
    const before = await batchRows();
    const refused = await parley([
      "batch",
      "create",
      "--count",
      "3",
      "--model",
      "claude-mythos-5-2",
      "--json",
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /No price is known for Claude Mythos 5\.2.*add --accept-unknown-cost/,
    );
    expect(refused.stdout).toBe("");
    expect(await batchRows()).toEqual(before);

    const confirmed = await parley([
      "batch",
      "create",
      "--count",
      "3",
      "--model",
      "claude-mythos-5-2",
      "--accept-unknown-cost",
      "--json",
    ]);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(JSON.parse(confirmed.stdout)).toMatchObject({
      model: "claude-mythos-5-2",
      costUnknown: true,
      totalItems: 3,
    });
  });

  it("warns with the end-of-life date of a deprecated model", async () => {
    const run = await parley([
      "batch",
      "create",
      "--count",
      "2",
      "--model",
      "claude-sonnet-4-5",
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /warning: Claude Sonnet 4\.5 \(claude-sonnet-4-5\) is deprecated and reaches end of life on 2026-11-30/,
    );
    expect(JSON.parse(run.stdout).warnings).toHaveLength(1);
  });

  it("refuses a retired model, one the account cannot use and an unknown one, before storing anything", async () => {
    // What a worker stores when it starts: the (simulated) account's Models API answer.
    const simulator = await startSimulator({ seed: 1 });
    try {
      const models = await listAccountModels({ apiKey: "simulated", baseURL: simulator.url });
      await saveProviderModelList(database.db, {
        provider: "simulated",
        models,
        installPrices: {},
      });
    } finally {
      await simulator.close();
    }
    const before = await batchRows();
    const retired = await parley(["batch", "create", "--count", "3", "--model", "claude-opus-4-1"]);
    expect(retired.code).toBe(2);
    expect(retired.stderr).toMatch(/Claude Opus 4\.1 \(claude-opus-4-1\) was retired/);
    const unavailable = await parley([
      "batch",
      "create",
      "--count",
      "3",
      "--model",
      "claude-mythos-5-1",
    ]);
    expect(unavailable.stderr).toMatch(/not available to this account/);
    const unknown = await parley(["batch", "create", "--count", "3", "--model", "claude-sonnet-9"]);
    expect(unknown.stderr).toMatch(/not a Claude model .* Choose one of: .*claude-sonnet-5-5/);
    expect(await batchRows()).toEqual(before);
  });
});
