// Test fixtures: export conversations from the reference domain (a financial-planning
// consultant), built with overrides so each test states only what it cares about.
import type { ConsultantProfile } from "../consultant-profile.ts";
import type { ExportConversation, ExportTurn } from "../export-conversation.ts";

export function turn(
  turnNumber: number,
  role: "user" | "assistant",
  content: string,
  extra: Partial<ExportTurn> = {},
): ExportTurn {
  return {
    turnNumber,
    role,
    content,
    emotion: { primary: role === "user" ? "anxious" : "calm", intensity: 0.6, secondary: [] },
    ...extra,
  };
}

export const FOUR_TURNS: ExportTurn[] = [
  turn(1, "user", "I haven't opened my retirement statements in two years.", {
    emotion: { primary: "shame", intensity: 0.8, secondary: ["anxiety"] },
  }),
  turn(
    2,
    "assistant",
    "Thank you for telling me. Many people avoid those envelopes; let's look together.",
    {
      phase: "opening",
      techniques: ["validation", "normalizing"],
    },
  ),
  turn(3, "user", "Okay. What should I look at first?", {
    emotion: { primary: "hope", intensity: 0.5, secondary: [] },
  }),
  turn(4, "assistant", "Start with the balance and the contribution rate; that's all for today.", {
    phase: "guidance",
    techniques: ["small steps"],
  }),
];

export function makeConversation(overrides: Partial<ExportConversation> = {}): ExportConversation {
  return {
    id: "conv-001",
    tier: "template",
    status: "approved",
    title: "Facing the retirement statements",
    summary: "A client who avoids financial mail takes a first small step.",
    persona: {
      key: "overwhelmed_avoider",
      name: "Marcus Chen",
      description: "Avoids financial decisions when stressed",
    },
    arc: {
      key: "shame_to_acceptance",
      name: "Shame → Acceptance",
      startEmotion: "shame",
      endEmotion: "acceptance",
    },
    topic: { key: "retirement_basics", name: "Retirement basics" },
    edgeCase: null,
    turns: FOUR_TURNS,
    qualityScore: 8.5,
    qualityMetrics: {
      relevance: 9,
      naturalness: 8,
      checks: {
        turnCount: { passed: true },
        harmfulContent: { passed: true, severity: "error" },
        emotionalProgression: { passed: true },
      },
    },
    isHumanEdited: false,
    simulated: false,
    model: "claude-sonnet-4-5",
    costUsd: 0.0123,
    inputTokens: 1200,
    outputTokens: 900,
    parentId: null,
    createdAt: new Date("2025-11-25T14:00:00Z"),
    reviewerNotes: null,
    approved: null,
    ...overrides,
  };
}

/** Conversations with distinct ids, tiers cycling template/scenario/edge_case unless overridden. */
export function makeConversations(
  count: number,
  override: (index: number) => Partial<ExportConversation> = () => ({}),
): ExportConversation[] {
  const tiers = ["template", "scenario", "edge_case"] as const;
  return Array.from({ length: count }, (_, index) =>
    makeConversation({
      id: `conv-${String(index + 1).padStart(4, "0")}`,
      tier: tiers[index % 3] ?? "template",
      ...override(index),
    }),
  );
}

export async function* streamOf<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) yield item;
}

export const TEST_PROFILE: ConsultantProfile = {
  name: "Elena Morales, CFP",
  business: "Pathways Financial Planning",
  expertise: "Financial planning for mid-career professionals",
  yearsExperience: 15,
  corePhilosophy: { money_is_emotional: "Acknowledge feelings before numbers" },
  communicationStyle: {
    tone: "warm, professional",
    techniques: ["validation", "small steps"],
    avoid: ["jargon", "judgment"],
  },
};
