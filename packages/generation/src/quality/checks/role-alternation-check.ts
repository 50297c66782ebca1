// Does the conversation have the shape chat training needs: user first, strictly alternating,
// assistant last?
import type { QualityCheck, QualityConversation } from "../quality-types.ts";

export function checkRoleAlternation(conversation: QualityConversation): QualityCheck {
  const { turns } = conversation;
  if (turns.length === 0)
    return { passed: false, score: 0, detail: "The conversation has no messages" };
  const problems: string[] = [];
  turns.forEach((turn, index) => {
    const expected = index % 2 === 0 ? "user" : "assistant";
    if (turn.role !== expected) {
      const what =
        index === 0
          ? "the first message must be from the user"
          : `expected ${expected} after ${turns[index - 1]?.role}`;
      problems.push(`message ${index + 1} is from ${turn.role || "nobody"} (${what})`);
    }
  });
  const last = turns.at(-1);
  // An odd count can alternate perfectly and still end on the user; that is its own problem.
  if (last && last.role !== "assistant" && problems.length === 0) {
    problems.push(`the last message is from ${last.role}, not the assistant`);
  }
  if (problems.length === 0) {
    return {
      passed: true,
      score: 1,
      detail: "Starts with the user, alternates, ends with the assistant",
    };
  }
  return {
    passed: false,
    score: Math.max(0, 1 - problems.length / turns.length),
    detail: `Role order is broken: ${problems.slice(0, 3).join("; ")}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ""}`,
  };
}
