// A plan you can see, edit and bring back, through the router on a real Postgres: the planned
// rows come back named, an edited plan launches exactly its rows in order, and a plan with a bad
// row is refused whole, each bad row named, with nothing stored.
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRef } from "../context.ts";
import { type ApiHarness, openApiHarness } from "../test-support/api-harness.ts";

let harness: ApiHarness;
let owner: UserRef;
let stranger: UserRef;
let workspaceId: string;

beforeAll(async () => {
  harness = await openApiHarness();
  owner = await createTestUser(harness.db, { name: "Pia", email: "pia@example.test" });
  stranger = await createTestUser(harness.db, { name: "Sol", email: "sol@example.test" });
  workspaceId = (
    await createTestWorkspace(harness.db, { name: "Pia's", seed: true, ownerUserId: owner.id })
  ).id;
  await createTestWorkspace(harness.db, { name: "Sol's", seed: true, ownerUserId: stranger.id });
});

afterAll(async () => {
  await harness?.close();
});

async function storedCounts() {
  const count = async (table: "batch_jobs" | "batch_items") =>
    Number(
      (
        await harness.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("workspaceId", "=", workspaceId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { batches: await count("batch_jobs"), items: await count("batch_items") };
}

describe("batch.plan → edit → batch.createFromPlan", () => {
  it("launches exactly the edited rows, in their order, and prices the plan as edited", async () => {
    const api = await harness.callerFor(owner);
    const settings = { tierCounts: { template: 4, scenario: 2, edge_case: 2 }, seed: 5 };
    const file = await api.batch.plan(settings);
    expect(file.version).toBe(1);
    expect(file.rows).toHaveLength(8);
    expect(file.rows.every((row) => row.persona && row.arc && row.topic)).toBe(true);
    expect(file.rows.filter((row) => row.tier === "edge_case").every((row) => row.edgeCase)).toBe(
      true,
    );
    // The same settings and seed plan the same batch the preview priced.
    const preview = await api.batch.preview(settings);
    const unedited = await api.batch.previewPlan(file);
    expect(unedited.problems).toEqual([]);
    expect(unedited.preview?.tierCounts).toEqual(preview.tierCounts);
    expect(unedited.preview?.estimate.total.costUsd).toBeCloseTo(preview.estimate.total.costUsd, 9);

    const personas = await api.scaffolding.personas.list();
    const other = personas.find((persona) => persona.id !== file.rows[0]?.personaId);
    if (!other) throw new Error("the seed has more than one persona");
    const rows = file.rows
      .map((row, index) =>
        index === 0 ? { ...row, personaId: other.id, persona: other.name } : row,
      )
      .filter(
        (row) => row.tier !== "scenario" || row !== file.rows.find((r) => r.tier === "scenario"),
      );
    expect(rows).toHaveLength(7);

    const edited = await api.batch.previewPlan({ ...file, rows });
    expect(edited.preview?.tierCounts).toEqual({ template: 4, scenario: 1, edge_case: 2 });
    expect(edited.preview?.report.total).toBe(7);
    expect(edited.preview?.estimate.total.costUsd).toBeLessThan(
      unedited.preview?.estimate.total.costUsd ?? 0,
    );

    const batch = await api.batch.createFromPlan({
      ...file,
      rows,
      settings: { ...file.settings, name: "Edited plan" },
    });
    expect(batch).toMatchObject({ name: "Edited plan", totalItems: 7 });
    const items = await harness.db
      .selectFrom("batch_items")
      .select(["position", "tier", "personaId", "arcId", "topicId", "edgeCaseId", "sourceChunkId"])
      .where("batchId", "=", batch.id)
      .orderBy("position")
      .execute();
    expect(items).toEqual(
      rows.map((row, position) => ({
        position,
        tier: row.tier,
        personaId: row.personaId,
        arcId: row.arcId,
        topicId: row.topicId,
        edgeCaseId: row.edgeCaseId,
        sourceChunkId: row.sourceChunkId,
      })),
    );
    expect(await api.batch.settings({ batchId: batch.id })).toMatchObject({
      tierCounts: { template: 4, scenario: 1, edge_case: 2 },
      seed: null,
    });
  });

  it("refuses a plan with bad rows whole, naming each row, and stores nothing", async () => {
    const api = await harness.callerFor(owner);
    const file = await api.batch.plan({ tierCounts: { template: 3, scenario: 0, edge_case: 1 } });
    const retired = await api.scaffolding.personas.create({ name: "Retired Rita" });
    await api.scaffolding.personas.retire({ id: retired.id });
    const edgeCaseId = file.rows.find((row) => row.tier === "edge_case")?.edgeCaseId ?? null;
    const rows = file.rows.map((row, index) =>
      index === 1
        ? { ...row, personaId: retired.id, persona: null }
        : index === 2
          ? { ...row, edgeCaseId }
          : row,
    );
    const before = await storedCounts();

    const error = await api.batch
      .createFromPlan({ ...file, rows })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toMatch(/^2 rows of the plan cannot be launched/);
    expect((error as TRPCError).message).toContain(
      'row 2, personaId: the persona "Retired Rita" is archived',
    );
    expect((error as TRPCError).message).toContain(
      "row 3, edgeCaseId: only edge_case rows take an edge case, and this is a template row",
    );
    expect(await storedCounts()).toEqual(before);

    // The wizard's check answers the same rows as data it can mark, not as an error.
    const checked = await api.batch.previewPlan({ ...file, rows });
    expect(checked.preview).toBeNull();
    expect(checked.problems.map(({ row, field }) => [row, field])).toEqual([
      [2, "personaId"],
      [3, "edgeCaseId"],
    ]);
  });

  it("does not accept another workspace's scaffolding in a plan", async () => {
    const file = await (await harness.callerFor(owner)).batch.plan({ count: 2, seed: 1 });
    const theirs = await harness.callerFor(stranger);
    const error = await theirs.batch.createFromPlan(file).catch((caught: unknown) => caught);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toContain(
      "row 1, personaId: no persona of this workspace has this id",
    );
  });
});
