// Does the conversation talk about its topic? Both sides should name it: a client who never
// says what they came for, or a consultant who never engages with it, is off brief.
import type { QualityCheck, QualityContext, QualityConversation } from "../quality-types.ts";

/** Words too general to show the topic is being discussed ("401k Basics" → "401k"). */
const GENERIC = new Set([
  "basics",
  "fundamentals",
  "planning",
  "management",
  "strategies",
  "strategy",
  "overview",
  "introduction",
  "guide",
  "tips",
  "with",
  "your",
  "from",
  "and",
  "the",
  "for",
]);

export function topicWords(topic: string): string[] {
  return topic
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 3 && !GENERIC.has(word));
}

export function checkTopicRelevance(
  conversation: QualityConversation,
  topic: QualityContext["topic"],
): QualityCheck {
  const words = topicWords(topic?.name ?? "");
  if (words.length === 0) return { passed: true, score: 1, detail: "No topic words to look for" };
  const mentions = (role: string) =>
    conversation.turns.some(
      (turn) =>
        turn.role === role && words.some((word) => turn.content.toLowerCase().includes(word)),
    );
  const user = mentions("user");
  const assistant = mentions("assistant");
  if (user && assistant)
    return { passed: true, score: 1, detail: `Both sides discuss ${topic?.name}` };
  const missing = [
    user ? undefined : "the client",
    assistant ? undefined : "the consultant",
  ].filter(Boolean);
  return {
    passed: false,
    score: user || assistant ? 0.5 : 0,
    detail: `${missing.join(" and ")} never mention${missing.length === 1 ? "s" : ""} the topic (${topic?.name})`,
  };
}
