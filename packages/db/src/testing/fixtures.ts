// Building blocks for this package's own tests: a seeded workspace, turns, a batch.
import type { Kysely } from "kysely";
import type { Tier } from "../column-values.ts";
import { createBatchWithItems, type NewBatchItem } from "../repositories/batches.ts";
import type { NewTurn } from "../repositories/conversations.ts";
import { type ActiveScaffolding, findActiveScaffolding } from "../repositories/scaffolding.ts";
import type { BatchJob, DB, Workspace } from "../schema.ts";
import { createTestWorkspace } from "./create-test-database.ts";

export async function seededWorkspace(
  db: Kysely<DB>,
  name = "Seeded workspace",
): Promise<{ workspace: Workspace; scaffolding: ActiveScaffolding }> {
  const workspace = await createTestWorkspace(db, { name, seed: true });
  const scaffolding = await findActiveScaffolding(db, { workspaceId: workspace.id });
  return { workspace, scaffolding };
}

/** `count` alternating messages, the user first, each saying which turn it is. */
export function sampleTurns(count: number, label = "turn"): NewTurn[] {
  return Array.from({ length: count }, (_, index) => ({
    role: index % 2 === 0 ? "user" : "assistant",
    content: `${label} ${index + 1}`,
    emotion: { primary: index === 0 ? "anxiety" : "relief", intensity: 0.5, secondary: [] },
    phase: index === 0 ? "opening" : "guidance",
    techniques: index % 2 === 1 ? ["validation"] : [],
  }));
}

/** A batch whose items cycle through the workspace's personas, arcs and topics. */
export async function createSampleBatch(
  db: Kysely<DB>,
  options: {
    workspace: Workspace;
    scaffolding: ActiveScaffolding;
    items: number;
    tier?: Tier;
    concurrency?: number;
  },
): Promise<BatchJob> {
  const { personas, arcs, topics } = options.scaffolding;
  const items: NewBatchItem[] = Array.from({ length: options.items }, (_, index) => ({
    tier: options.tier ?? "template",
    personaId: personas[index % personas.length]?.id ?? null,
    arcId: arcs[index % arcs.length]?.id ?? null,
    topicId: topics[index % topics.length]?.id ?? null,
    parameters: { sequence: index + 1 },
  }));
  return createBatchWithItems(db, {
    workspaceId: options.workspace.id,
    name: `Batch of ${options.items}`,
    items,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
}
