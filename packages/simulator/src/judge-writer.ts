// The simulator's answer to an LLM judge's record_judgement call: a score and a reason for
// every criterion the tool's schema asks for, a summary, and no invented issues, so a judged
// batch behaves like one judged by a model that finds the conversations good but not perfect.
import type { Random } from "./seeded-random.ts";

const REASONS = [
  "The assistant names the client's feelings before moving to the numbers.",
  "Each step is concrete and tied to the client's own situation.",
  "Turns build on each other and the conversation ends with a clear next step.",
  "The exchange follows the brief's persona, topic and emotional arc.",
  "The consultant stays warm and professional and asks before explaining.",
];

function propertiesOf(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: unknown } | null)?.properties;
  return typeof properties === "object" && properties !== null
    ? (properties as Record<string, unknown>)
    : {};
}

/** Scores from 6.5 to 9.5: passable to very good, the spread a strict judge gives good output. */
export function writeJudgement(inputSchema: unknown, random: Random): Record<string, unknown> {
  const keys = Object.keys(propertiesOf(propertiesOf(inputSchema).criteria));
  const criteria = Object.fromEntries(
    keys.map((key, index) => [
      key,
      {
        score: Math.round((6.5 + random.next() * 3) * 10) / 10,
        reason: REASONS[index % REASONS.length] as string,
      },
    ]),
  );
  return {
    criteria,
    summary:
      "A believable, supportive conversation that follows its brief. It would train well with light edits at most (simulated judgement).",
    issues: [],
  };
}
