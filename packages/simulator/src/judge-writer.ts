// The simulator's answer to an LLM judge's record_judgement call. Like a model, it reads the
// conversation from the prompt it is sent (the transcript and the brief in their tags) and
// nothing else: it knows no flaw label. It reads the text with the quality rules a careful
// reader would apply (role slips, repetition, lengths, the arc, the edge case's boundary), so a
// flawed transcript gets low scores and issues; a sound one gets the 6.5–9.5 spread a strict
// judge gives good output.
import {
  assessQuality,
  type QualityContext,
  type QualityConversation,
  ruleDimensions,
  TIERS,
  type Tier,
} from "@parley/generation";
import type { Random } from "./seeded-random.ts";

const REASONS = [
  "The assistant names the client's feelings before moving to the numbers.",
  "Each step is concrete and tied to the client's own situation.",
  "Turns build on each other and the conversation ends with a clear next step.",
  "The exchange follows the brief's persona, topic and emotional arc.",
  "The consultant stays warm and professional and asks before explaining.",
];

const JUDGED_DIMENSIONS = [
  "relevance",
  "accuracy",
  "naturalness",
  "methodology",
  "coherence",
] as const;

function propertiesOf(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: unknown } | null)?.properties;
  return typeof properties === "object" && properties !== null
    ? (properties as Record<string, unknown>)
    : {};
}

function tagged(prompt: string, tag: string): unknown {
  const match = new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(prompt);
  if (!match?.[1]) return undefined;
  try {
    return JSON.parse(match[1]);
  } catch {
    return undefined;
  }
}

interface Reading {
  /** 0–10 per judged dimension; 10 where the text shows no problem. */
  dimensions: Record<(typeof JUDGED_DIMENSIONS)[number], number>;
  issues: string[];
}

/** What a reader finds in the transcript the prompt carries; undefined when it carries none. */
function readTranscript(prompt: string): Reading | undefined {
  const sent = tagged(prompt, "conversation") as
    | (Omit<QualityConversation, "turns"> & {
        turns?: Array<{ role: string; content: string; emotion?: string | null }>;
      })
    | undefined;
  if (!sent || !Array.isArray(sent.turns)) return undefined;
  // The transcript names each message's emotion as a word (build-judge-request.ts).
  const conversation: QualityConversation = {
    ...sent,
    turns: sent.turns.map((turn) => ({ ...turn, emotion: { primary: turn.emotion ?? null } })),
  };
  const brief = (tagged(prompt, "brief") ?? {}) as Partial<QualityContext> & { tier?: string };
  const context: QualityContext = {
    tier: (TIERS as readonly string[]).includes(brief.tier ?? "")
      ? (brief.tier as Tier)
      : "template",
    persona: brief.persona ?? null,
    arc: brief.arc ?? null,
    topic: brief.topic ?? null,
    consultantName: brief.consultantName ?? null,
    edgeCase: brief.edgeCase ?? null,
  };
  const rules = ruleDimensions(conversation, context, assessQuality(conversation, context));
  const dimensions = Object.fromEntries(
    JUDGED_DIMENSIONS.map((name) => [name, rules[name].score ?? 10]),
  ) as Reading["dimensions"];
  const issues = [...new Set(JUDGED_DIMENSIONS.flatMap((name) => rules[name].notes))];
  return { dimensions, issues };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function writeJudgement(
  inputSchema: unknown,
  prompt: string,
  random: Random,
): Record<string, unknown> {
  const keys = Object.keys(propertiesOf(propertiesOf(inputSchema).criteria));
  const reading = readTranscript(prompt);
  const worst = reading ? Math.min(...Object.values(reading.dimensions)) : 10;
  // A judge marks a whole conversation down for a flaw it noticed, not only the one criterion.
  const ceiling = worst < 6 ? worst + 1 : 10;
  const criteria = Object.fromEntries(
    keys.map((key, index) => [
      key,
      {
        score: round(Math.min(ceiling, 6.5 + random.next() * 3)),
        reason: REASONS[index % REASONS.length] as string,
      },
    ]),
  );
  const answer: Record<string, unknown> = {
    criteria,
    summary:
      reading && reading.issues.length > 0
        ? "The conversation has problems a reviewer should fix before it is used for training (simulated judgement)."
        : "A believable, supportive conversation that follows its brief. It would train well with light edits at most (simulated judgement).",
    issues: reading?.issues ?? [],
  };
  if ("dimensions" in propertiesOf(inputSchema)) {
    const base = () => 6.5 + random.next() * 3;
    const judged = Object.fromEntries(
      JUDGED_DIMENSIONS.map((name) => [
        name,
        round(Math.min(reading?.dimensions[name] ?? 10, base())),
      ]),
    );
    const flawed = worst < 6;
    answer.dimensions = {
      ...judged,
      confidence: flawed || random.chance(0.7) ? "high" : "medium",
      training_value: flawed ? "low" : Math.min(...Object.values(judged)) >= 8 ? "high" : "medium",
    };
  }
  return answer;
}
