// The wizard's estimate on a real Postgres: the LLM judge is priced when it is on, and a
// simulated batch is timed by the simulator's settings instead of a real model's latency.
import { createPromptTemplateVersion, listPromptTemplates } from "@parley/db";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { previewBatch } from "./plan-batch.ts";

let database: TestDatabase;
let workspaceId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  workspaceId = (await createTestWorkspace(database.db, { seed: true })).id;
});

afterAll(async () => {
  await database?.destroy();
});

const input = { count: 12, concurrency: 4, seed: 3 };

describe("previewBatch", () => {
  it("adds the LLM judge's calls to the estimate when the judge is on", async () => {
    const plain = await previewBatch(database.db, { workspaceId, input, simulated: false });
    const judged = await previewBatch(database.db, {
      workspaceId,
      input: { ...input, llmJudge: true },
      simulated: false,
    });
    expect(plain.estimate.judge).toBeNull();
    expect(judged.estimate.judge?.count).toBe(12);
    expect(judged.estimate.judge?.costUsd).toBeGreaterThan(0);
    expect(judged.estimate.total.costUsd).toBeCloseTo(
      plain.estimate.total.costUsd + (judged.estimate.judge?.costUsd ?? 0),
      10,
    );
    expect(judged.estimate.time.seconds).toBeGreaterThan(plain.estimate.time.seconds);
  });

  it("times a simulated batch by the simulator's configured latency, not a real model's", async () => {
    const real = await previewBatch(database.db, { workspaceId, input, simulated: false });
    const simulated = await previewBatch(database.db, {
      workspaceId,
      input,
      simulated: true,
      simulator: { latencyMs: 1200 },
    });
    // Real Sonnet: 45 s a call. The simulator: 1.2 s per 1,000 tokens written, 30 % fixed.
    expect(real.estimate.time.seconds).toBeGreaterThan(60);
    for (const tier of simulated.estimate.tiers.filter((t) => t.count > 0)) {
      expect(tier.latencyMs).toBeCloseTo(
        1200 * (0.3 + (0.7 * tier.profile.outputTokens) / 1000),
        6,
      );
    }
    expect(simulated.estimate.time.seconds).toBeLessThan(15);
    // Without a configured latency the simulator answers at once (its default).
    const instant = await previewBatch(database.db, { workspaceId, input, simulated: true });
    expect(instant.estimate.time.seconds).toBe(0);
  });

  it("times a simulated Message Batch by the simulator's batch delay", async () => {
    const estimate = async (simulator?: { batchDelayMs: number }) =>
      (
        await previewBatch(database.db, {
          workspaceId,
          input: { ...input, mode: "message_batches" },
          simulated: true,
          ...(simulator ? { simulator } : {}),
        })
      ).estimate.time.seconds;
    expect(await estimate({ batchDelayMs: 5000 })).toBe(5);
    expect(await estimate()).toBe(2);
  });
});

describe("previewBatch with prompt templates", () => {
  it("takes an active template of the tier, and refuses one of another tier or an old version", async () => {
    const seeded = await listPromptTemplates(database.db, { workspaceId });
    const edgeTemplate = seeded.find((template) => template.tier === "edge_case");
    const scenarioTemplate = seeded.find((template) => template.tier === "scenario");
    if (!edgeTemplate || !scenarioTemplate) throw new Error("the reference templates are missing");

    const preview = await previewBatch(database.db, {
      workspaceId,
      input: { ...input, templates: { edge_case: edgeTemplate.id } },
      simulated: true,
    });
    expect(preview.templates).toEqual({
      edge_case: { id: edgeTemplate.id, name: edgeTemplate.name, version: edgeTemplate.version },
    });

    await expect(
      previewBatch(database.db, {
        workspaceId,
        input: { ...input, templates: { edge_case: scenarioTemplate.id } },
        simulated: true,
      }),
    ).rejects.toThrow(
      `"${scenarioTemplate.name}" is a scenario template; it cannot shape edge case conversations.`,
    );

    // Saving a new version retires the old one's id.
    await createPromptTemplateVersion(database.db, {
      workspaceId,
      key: edgeTemplate.key,
      name: edgeTemplate.name,
      tier: "edge_case",
      body: `${edgeTemplate.body}\nKeep it short.`,
      variables: edgeTemplate.variables,
    });
    await expect(
      previewBatch(database.db, {
        workspaceId,
        input: { ...input, templates: { edge_case: edgeTemplate.id } },
        simulated: true,
      }),
    ).rejects.toThrow("is not an active template of this workspace");
  });

  it("refuses a template whose required variable no conversation would have, until a shared parameter gives it", async () => {
    const strict = await createPromptTemplateVersion(database.db, {
      workspaceId,
      key: "needs-a-region",
      name: "Regional rules",
      tier: "template",
      body: "{{persona}} asks about rules in {{region}}.",
      variables: [{ name: "region", type: "text", helpText: "Where the client lives" }],
    });
    await expect(
      previewBatch(database.db, {
        workspaceId,
        input: { ...input, templates: { template: strict.id } },
        simulated: true,
      }),
    ).rejects.toThrow(
      /"Regional rules" cannot be filled in for every conversation: .*region.*Give the value as a shared parameter/,
    );

    const preview = await previewBatch(database.db, {
      workspaceId,
      input: { ...input, templates: { template: strict.id }, parameters: { region: "Wales" } },
      simulated: true,
    });
    expect(preview.templates.template?.name).toBe("Regional rules");

    // A tier the plan leaves empty does not need its template filled in.
    const noTemplates = await previewBatch(database.db, {
      workspaceId,
      input: {
        tierCounts: { template: 0, scenario: 1, edge_case: 1 },
        templates: { template: strict.id },
      },
      simulated: true,
    });
    expect(noTemplates.templates).toEqual({});
  });
});
