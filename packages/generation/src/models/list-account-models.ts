// The account's Models API answer: every model the key can see, in all three lifecycle stages
// (retired ones appear only when asked for), through the SDK's auto-paginating list.
import Anthropic from "@anthropic-ai/sdk";
import type { ModelInfo } from "./model-catalogue.ts";

export interface ListAccountModelsOptions {
  apiKey: string;
  /** The simulator's URL, or ANTHROPIC_BASE_URL. */
  baseURL?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export async function listAccountModels(options: ListAccountModelsOptions): Promise<ModelInfo[]> {
  const client = new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    maxRetries: 1,
    timeout: options.timeoutMs ?? 15_000,
  });
  const models: ModelInfo[] = [];
  for await (const info of client.models.list(
    { lifecycle: ["active", "deprecated", "retired"], limit: 1000 },
    options.signal ? { signal: options.signal } : {},
  )) {
    models.push(info);
  }
  return models;
}
