// The generation settings a batch stores in its config, read the same way by the realtime and
// the Message Batches handlers.
import type { BatchJob } from "@parley/db";

export interface BatchGenerationConfig {
  model?: string;
  turnCount?: number;
  qualityThreshold?: number;
  /** The batch's shared parameters, in every item's brief. */
  parameters?: Record<string, string>;
}

export interface ItemRequestOptions {
  model?: string;
  turnCount?: number;
  parameters?: Record<string, string>;
}

/** The options buildItemRequest takes, from the batch's config. */
export function itemRequestOptions(batch: BatchJob): ItemRequestOptions {
  const config = batch.config as BatchGenerationConfig;
  return {
    ...(config.model ? { model: config.model } : {}),
    ...(config.turnCount ? { turnCount: config.turnCount } : {}),
    ...(config.parameters && Object.keys(config.parameters).length > 0
      ? { parameters: config.parameters }
      : {}),
  };
}

/** The realtime path's default: below 7 a conversation waits for review. */
export function qualityThresholdOf(batch: BatchJob): number {
  return (batch.config as BatchGenerationConfig).qualityThreshold ?? 7;
}
