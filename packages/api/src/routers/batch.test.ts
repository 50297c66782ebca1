// A batch's settings as its page shows them: what the wizard launched it with, read back through
// the router on a real Postgres, and bad shared parameters refused with a message.
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRef } from "../context.ts";
import { type ApiHarness, openApiHarness } from "../test-support/api-harness.ts";

let harness: ApiHarness;
let owner: UserRef;
let stranger: UserRef;

beforeAll(async () => {
  harness = await openApiHarness();
  owner = await createTestUser(harness.db, { name: "Olga", email: "olga@example.test" });
  stranger = await createTestUser(harness.db, { name: "Sam", email: "sam@example.test" });
  await createTestWorkspace(harness.db, { name: "Olga's", seed: true, ownerUserId: owner.id });
  await createTestWorkspace(harness.db, { name: "Sam's", seed: true, ownerUserId: stranger.id });
});

afterAll(async () => {
  await harness?.close();
});

describe("batch.settings", () => {
  it("reads back what the batch was launched with, to its own workspace only", async () => {
    const api = await harness.callerFor(owner);
    const batch = await api.batch.create({
      name: "UK edge cases",
      tierCounts: { template: 0, scenario: 1, edge_case: 3 },
      concurrency: 2,
      errorStrategy: "threshold:2",
      priority: "low",
      budgetUsd: 4.5,
      turnCount: 8,
      qualityThreshold: 8.5,
      llmJudge: true,
      parameters: { region: "UK", currency: "GBP" },
      seed: 11,
    });
    const settings = await api.batch.settings({ batchId: batch.id });
    expect(settings).toMatchObject({
      tierCounts: { template: 0, scenario: 1, edge_case: 3 },
      concurrency: 2,
      errorStrategy: "threshold:2",
      priority: "low",
      mode: "realtime",
      budgetCapUsd: 4.5,
      turnCount: 8,
      qualityThreshold: 8.5,
      llmJudge: true,
      parameters: { region: "UK", currency: "GBP" },
      seed: 11,
    });

    await expect(
      (await harness.callerFor(stranger)).batch.settings({ batchId: batch.id }),
    ).rejects.toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it("refuses a shared parameter without a proper name or value, saying which rule it broke", async () => {
    const api = await harness.callerFor(owner);
    for (const [parameters, message] of [
      [{ "1st region": "UK" }, '"1st region" is not a parameter name'],
      [{ region: "  " }, "A parameter needs a value"],
    ] as const) {
      const error = await api.batch.create({ count: 1, parameters }).catch((caught) => caught);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toContain(message);
    }
  });
});
