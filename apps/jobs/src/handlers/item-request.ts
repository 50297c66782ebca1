// Builds the generation request for one batch item from its stored scaffolding, and the
// quality context the result is scored against.
import { type BatchItem, type Database, itemReferences } from "@parley/db";
import { AppError } from "@parley/generation";
import type { ItemRequestOptions } from "./batch-generation-config.ts";
import { buildScaffoldedRequest, type ScaffoldedRequest } from "./scaffolded-request.ts";

export type ItemRequest = ScaffoldedRequest;

export async function buildItemRequest(
  db: Database,
  item: BatchItem,
  options: ItemRequestOptions & { consultantProfileId?: string },
): Promise<ItemRequest> {
  const tier = item.tier;
  if (tier === null) {
    throw new AppError("INTERNAL", "An item of a prompts batch has no conversation to generate.");
  }
  const built = await buildScaffoldedRequest(
    db,
    {
      workspaceId: item.workspaceId,
      ...itemReferences(item),
      tier,
      ...(options.consultantProfileId ? { consultantProfileId: options.consultantProfileId } : {}),
      missingMessage:
        "The item's persona, emotional arc, topic or prompt template no longer exists in this workspace.",
    },
    {
      ...(options.turnCount === undefined ? {} : { turnCount: options.turnCount }),
      ...(options.model ? { model: options.model } : {}),
      // The batch's shared parameters reach the brief as its free-form parameters.
      ...(options.parameters ? { templateValues: options.parameters } : {}),
    },
  );
  // A regeneration's note from the reviewer ("less jargon", "end on a concrete next step").
  const note = item.parameters.note;
  if (typeof note === "string" && note.trim() !== "") {
    built.request.prompt += `\n\nReviewer's note for this new version: ${note.trim()}`;
  }
  return built;
}
