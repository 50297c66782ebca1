// Is everything a dataset row needs present: persona, arc, topic, title, summary, and an
// emotion on every message?
import type { QualityCheck, QualityContext, QualityConversation } from "../quality-types.ts";

export interface MetadataCompletenessCheck extends QualityCheck {
  missing: string[];
}

const present = (text: string | null | undefined) => typeof text === "string" && text.trim() !== "";

/** Six equal parts: five fields and the share of messages carrying an emotion. */
export function checkMetadataCompleteness(
  conversation: QualityConversation,
  context: QualityContext,
): MetadataCompletenessCheck {
  const missing: string[] = [];
  if (!present(context.persona?.name)) missing.push("persona");
  if (!present(context.arc?.startEmotion) || !present(context.arc?.endEmotion))
    missing.push("emotional arc");
  if (!present(context.topic?.name)) missing.push("topic");
  if (!present(conversation.title)) missing.push("title");
  if (!present(conversation.summary)) missing.push("summary");

  const { turns } = conversation;
  const unannotated = turns
    .map((turn, index) => (present(turn.emotion?.primary) ? null : index + 1))
    .filter((position) => position !== null);
  if (unannotated.length > 0) {
    missing.push(
      `emotion on message${unannotated.length === 1 ? "" : "s"} ${unannotated.join(", ")}`,
    );
  }
  const fields = 5 - missing.filter((name) => !name.startsWith("emotion on")).length;
  const annotated = turns.length === 0 ? 0 : (turns.length - unannotated.length) / turns.length;

  return {
    passed: missing.length === 0,
    score: (fields + annotated) / 6,
    detail: missing.length === 0 ? "All metadata present" : `Missing: ${missing.join(", ")}`,
    missing,
  };
}
