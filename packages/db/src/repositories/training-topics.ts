// Training topics: what a conversation is about.
import type { Kysely } from "kysely";
import type { DB, TrainingTopic } from "../schema.ts";
import {
  definedOnly,
  findScaffolding,
  findScaffoldingByKey,
  type ListScaffoldingOptions,
  listScaffolding,
  restoreScaffolding,
  retireScaffolding,
  updateScaffolding,
} from "./scaffolding-table.ts";

export interface TrainingTopicFields {
  name: string;
  description?: string;
  category?: string;
}

function topicColumns(fields: Partial<TrainingTopicFields>) {
  return definedOnly({
    name: fields.name,
    description: fields.description,
    category: fields.category,
  });
}

export function listTrainingTopics(
  db: Kysely<DB>,
  options: ListScaffoldingOptions,
): Promise<TrainingTopic[]> {
  return listScaffolding(db, "training_topics", options);
}

export function findTrainingTopic(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<TrainingTopic | undefined> {
  return findScaffolding(db, "training_topics", options);
}

export function findTrainingTopicByKey(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string },
): Promise<TrainingTopic | undefined> {
  return findScaffoldingByKey(db, "training_topics", options);
}

export function createTrainingTopic(
  db: Kysely<DB>,
  options: { workspaceId: string; key: string } & TrainingTopicFields,
): Promise<TrainingTopic> {
  return db
    .insertInto("training_topics")
    .values({
      workspaceId: options.workspaceId,
      key: options.key,
      name: options.name,
      ...topicColumns(options),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateTrainingTopic(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string } & Partial<TrainingTopicFields>,
): Promise<TrainingTopic | undefined> {
  return updateScaffolding(db, "training_topics", options, topicColumns(options));
}

export function retireTrainingTopic(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<TrainingTopic | undefined> {
  return retireScaffolding(db, "training_topics", options);
}

export function restoreTrainingTopic(
  db: Kysely<DB>,
  options: { workspaceId: string; id: string },
): Promise<TrainingTopic | undefined> {
  return restoreScaffolding(db, "training_topics", options);
}
