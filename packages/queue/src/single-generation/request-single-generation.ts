// Starts a single generation: records the draft (queued) and enqueues "generation.single", which
// a worker runs through the same provider path as batch items. The web server never calls the
// provider itself, so it never needs the API key.

import {
  createGenerationDraft,
  type Database,
  findEmotionalArc,
  findPersona,
  findPromptTemplate,
  findTrainingTopic,
  type GenerationDraft,
} from "@parley/db";
import { AppError } from "@parley/generation";
import { resolveModelChoice } from "../models/load-model-catalogue.ts";
import type { Queue } from "../queue.ts";
import {
  type SingleGenerationRequest,
  singleGenerationInputSchema,
} from "./single-generation-input.ts";

export async function requestSingleGeneration(
  db: Database,
  queue: Queue,
  options: {
    workspaceId: string;
    input: SingleGenerationRequest;
    createdBy?: string | null;
    /** Whether the worker's provider is the simulator (which model list applies). */
    simulated?: boolean;
  },
): Promise<GenerationDraft> {
  const input = singleGenerationInputSchema.parse(options.input);
  const scope = { workspaceId: options.workspaceId };
  // A retired, unavailable or unknown model, or an unpriced one not confirmed, stops here.
  await resolveModelChoice(db, {
    ...scope,
    simulated: options.simulated ?? false,
    model: input.model,
    acceptUnknownCost: input.acceptUnknownCost,
    confirmHint: "tick “Cost unknown: generate anyway”",
  });
  // Refuse now what the worker would refuse later, while the user is still looking.
  const [persona, arc, topic, template] = await Promise.all([
    findPersona(db, { ...scope, id: input.personaId }),
    findEmotionalArc(db, { ...scope, id: input.arcId }),
    findTrainingTopic(db, { ...scope, id: input.topicId }),
    input.templateId ? findPromptTemplate(db, { ...scope, id: input.templateId }) : null,
  ]);
  if (!persona || !arc || !topic || template === undefined) {
    throw new AppError(
      "BAD_REQUEST",
      "The persona, arc, topic or template no longer exists in this workspace: reload and pick again.",
    );
  }
  const draft = await createGenerationDraft(db, {
    workspaceId: options.workspaceId,
    input,
    createdBy: options.createdBy ?? null,
  });
  await queue.send("generation.single", { workspaceId: options.workspaceId, draftId: draft.id });
  return draft;
}
