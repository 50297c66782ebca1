// Seeds a workspace with the reference scaffolding (the financial-planning domain of the
// specification). Idempotent by key: rows that exist—including retired or edited ones—are
// left alone, so re-running never undoes a user's changes.
import type { Kysely } from "kysely";
import { jsonb } from "../jsonb.ts";
import type { DB } from "../schema.ts";
import { withTransaction } from "../transaction.ts";
import { REFERENCE_CONSULTANT_PROFILE } from "./reference-consultant-profile.ts";
import { REFERENCE_EDGE_CASES } from "./reference-edge-cases.ts";
import { REFERENCE_EMOTIONAL_ARCS } from "./reference-emotional-arcs.ts";
import { REFERENCE_PERSONAS } from "./reference-personas.ts";
import { REFERENCE_PROMPT_TEMPLATES } from "./reference-prompt-templates.ts";
import { REFERENCE_SOURCE_CHUNKS } from "./reference-source-chunks.ts";
import { REFERENCE_TRAINING_TOPICS } from "./reference-training-topics.ts";

/** How many rows of each kind this run inserted (0 everywhere on a re-run). */
export interface SeedResult {
  personas: number;
  emotionalArcs: number;
  trainingTopics: number;
  edgeCases: number;
  sourceChunks: number;
  promptTemplates: number;
  consultantProfiles: number;
}

export async function seedReferenceScaffolding(
  db: Kysely<DB>,
  options: { workspaceId: string },
): Promise<SeedResult> {
  const workspaceId = options.workspaceId;
  return withTransaction(db, async (trx) => {
    const count = (rows: readonly unknown[]) => rows.length;

    const personas = await trx
      .insertInto("personas")
      .values(
        REFERENCE_PERSONAS.map((p) => ({
          workspaceId,
          key: p.key,
          name: p.name,
          archetype: p.archetype ?? "",
          description: p.description ?? "",
          background: p.background ?? "",
          traits: jsonb(p.traits ?? []),
          demographics: jsonb(p.demographics ?? {}),
          communicationStyle: p.communicationStyle ?? "",
          concerns: jsonb(p.concerns ?? []),
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();

    const arcs = await trx
      .insertInto("emotional_arcs")
      .values(
        REFERENCE_EMOTIONAL_ARCS.map((a) => ({
          workspaceId,
          key: a.key,
          name: a.name,
          arcType: a.arcType ?? "core",
          startEmotion: a.startEmotion,
          endEmotion: a.endEmotion,
          intermediateEmotions: jsonb(a.intermediateEmotions ?? []),
          description: a.description ?? "",
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();

    const topics = await trx
      .insertInto("training_topics")
      .values(
        REFERENCE_TRAINING_TOPICS.map((t) => ({
          workspaceId,
          key: t.key,
          name: t.name,
          description: t.description ?? "",
          category: t.category ?? "general",
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();

    const idsByKey = async (table: "personas" | "emotional_arcs" | "training_topics") =>
      new Map(
        (
          await trx
            .selectFrom(table)
            .select(["key", "id"])
            .where("workspaceId", "=", workspaceId)
            .execute()
        ).map((row) => [row.key, row.id]),
      );
    const personaIds = await idsByKey("personas");
    const arcIds = await idsByKey("emotional_arcs");
    const topicIds = await idsByKey("training_topics");

    const edgeCases = await trx
      .insertInto("edge_cases")
      .values(
        REFERENCE_EDGE_CASES.map((e) => ({
          workspaceId,
          key: e.key,
          name: e.name,
          description: e.description ?? "",
          category: e.category ?? "general",
          expectedBehavior: e.expectedBehavior,
          personaId: personaIds.get(e.personaKey) ?? null,
          arcId: arcIds.get(e.arcKey) ?? null,
          topicId: topicIds.get(e.topicKey) ?? null,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();

    const sourceChunks = await trx
      .insertInto("source_chunks")
      .values(
        REFERENCE_SOURCE_CHUNKS.map((c) => ({
          workspaceId,
          key: c.key,
          title: c.title,
          content: c.content,
          sourceDocument: c.sourceDocument ?? "",
          sourceSection: c.sourceSection ?? "",
          topicId: topicIds.get(c.topicKey) ?? null,
          metadata: jsonb(c.metadata ?? {}),
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();

    // Version 1 of each key; a key that already has versions (or an active one) is skipped.
    const promptTemplates = await trx
      .insertInto("prompt_templates")
      .values(
        REFERENCE_PROMPT_TEMPLATES.map((t) => ({
          workspaceId,
          key: t.key,
          version: 1,
          name: t.name,
          tier: t.tier,
          description: t.description ?? "",
          body: t.body,
          variables: jsonb(t.variables ?? []),
          isActive: true,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();

    // Default only if the workspace has none: never take the role from a profile the user chose.
    const existingDefault = await trx
      .selectFrom("consultant_profiles")
      .select("id")
      .where("workspaceId", "=", workspaceId)
      .where("isDefault", "=", true)
      .where("retiredAt", "is", null)
      .executeTakeFirst();
    const profile = REFERENCE_CONSULTANT_PROFILE;
    const consultantProfiles = await trx
      .insertInto("consultant_profiles")
      .values({
        workspaceId,
        key: profile.key,
        name: profile.name,
        business: profile.business ?? "",
        expertise: profile.expertise ?? "",
        yearsExperience: profile.yearsExperience ?? null,
        corePhilosophy: jsonb(profile.corePhilosophy ?? {}),
        communicationStyle: jsonb(profile.communicationStyle ?? {}),
        systemPrompt: profile.systemPrompt ?? "",
        isDefault: existingDefault === undefined,
      })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();

    return {
      personas: count(personas),
      emotionalArcs: count(arcs),
      trainingTopics: count(topics),
      edgeCases: count(edgeCases),
      sourceChunks: count(sourceChunks),
      promptTemplates: count(promptTemplates),
      consultantProfiles: count(consultantProfiles),
    };
  });
}
