// Turns a stored conversation into the user/assistant message list the chat formats share,
// and resolves the system prompt: included, folded into the first user message, or omitted.
import type { Role } from "@parley/generation";
import { type ExportConversation, orderedTurns } from "../export-conversation.ts";

export interface ChatTurn {
  role: Role;
  content: string;
}

export interface TranscriptOptions {
  /**
   * Default true. Merges consecutive messages of the same role, drops assistant messages before
   * the first user message and a trailing user message, so the transcript starts with the user
   * and ends with the assistant, as most chat templates and OpenAI fine-tuning expect.
   */
  strictAlternation?: boolean;
}

/** Separates merged messages of the same speaker; a blank line reads as a paragraph break. */
const MERGE_SEPARATOR = "\n\n";

export function chatTranscript(
  conversation: ExportConversation,
  options: TranscriptOptions = {},
): ChatTurn[] {
  const strict = options.strictAlternation ?? true;
  // Empty messages are rejected by every consumer, so they never reach the output.
  const turns: ChatTurn[] = orderedTurns(conversation)
    .filter((turn) => turn.content.trim() !== "")
    .map((turn) => ({ role: turn.role, content: turn.content }));
  if (!strict) return turns;

  const merged: ChatTurn[] = [];
  for (const turn of turns) {
    const last = merged.at(-1);
    if (last && last.role === turn.role)
      last.content = `${last.content}${MERGE_SEPARATOR}${turn.content}`;
    else if (merged.length > 0 || turn.role === "user") merged.push({ ...turn });
  }
  if (merged.at(-1)?.role === "user") merged.pop();
  return merged;
}

export type SystemPromptSource =
  | string
  | ((conversation: ExportConversation) => string | null | undefined);

export interface SystemPromptOptions {
  /** The system prompt for training, fixed or per conversation. */
  systemPrompt?: SystemPromptSource;
  /**
   * `include` (default) adds a system message; `fold` prepends it to the first user message for
   * chat templates without a system role (e.g. Gemma, older Mistral); `omit` leaves it out.
   */
  systemMode?: "include" | "fold" | "omit";
}

export function resolveSystemPrompt(
  conversation: ExportConversation,
  source: SystemPromptSource | undefined,
): string | undefined {
  const value = typeof source === "function" ? source(conversation) : source;
  return value && value.trim() !== "" ? value : undefined;
}

/**
 * Applies `fold`: the system prompt becomes the opening paragraph of the first user message
 * (or a user message of its own when a non-strict transcript opens with the assistant).
 */
export function foldSystemPrompt(turns: ChatTurn[], system: string): ChatTurn[] {
  const first = turns[0];
  if (first?.role !== "user") return [{ role: "user", content: system }, ...turns];
  return [
    { role: "user", content: `${system}${MERGE_SEPARATOR}${first.content}` },
    ...turns.slice(1),
  ];
}
