// A batch's settings as its page shows them: what the wizard launched it with, read back through
// the router on a real Postgres, and bad shared parameters refused with a message.
import {
  createTestDatabase,
  createTestUser,
  createTestWorkspace,
  type TestDatabase,
} from "@parley/db/testing";
import { createProgressHub, openQueue, type ProgressHub, type Queue } from "@parley/queue";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServices, createSignedInContext, type UserRef } from "../context.ts";
import { appRouter } from "../root.ts";
import { createCallerFactory } from "../trpc.ts";

const createCaller = createCallerFactory(appRouter);

let database: TestDatabase;
let queue: Queue;
let progress: ProgressHub;
let services: ApiServices;
let owner: UserRef;
let stranger: UserRef;

async function callerFor(user: UserRef) {
  return createCaller((await createSignedInContext(services, { user })).context);
}

beforeAll(async () => {
  database = await createTestDatabase();
  queue = await openQueue({ databaseUrl: database.url, role: "producer" });
  progress = createProgressHub(database.url);
  services = { db: database.db, queue, progress, simulated: true };
  owner = await createTestUser(database.db, { name: "Olga", email: "olga@example.test" });
  stranger = await createTestUser(database.db, { name: "Sam", email: "sam@example.test" });
  await createTestWorkspace(database.db, { name: "Olga's", seed: true, ownerUserId: owner.id });
  await createTestWorkspace(database.db, { name: "Sam's", seed: true, ownerUserId: stranger.id });
});

afterAll(async () => {
  await progress?.close();
  await queue?.stop({ graceful: false });
  await database?.destroy();
});

describe("batch.settings", () => {
  it("reads back what the batch was launched with, to its own workspace only", async () => {
    const api = await callerFor(owner);
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

    await expect((await callerFor(stranger)).batch.settings({ batchId: batch.id })).rejects.toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
  });

  it("refuses a shared parameter without a proper name or value, saying which rule it broke", async () => {
    const api = await callerFor(owner);
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
