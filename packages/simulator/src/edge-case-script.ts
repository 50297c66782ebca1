// What happens at the pivotal moment of an edge-case conversation: the client turn that raises
// the boundary and the assistant turn that shows the expected behaviour. Common kinds (a crisis,
// a demand for a specific pick, a question for another professional, hostility, an off-topic
// request) get a written script; any other expected behaviour is followed as stated.
import type { AssistantMood } from "./emotion-arc.ts";
import { baseFormPhrase } from "./verb-forms.ts";

export type EdgeCaseKind =
  | "crisis"
  | "specific_advice"
  | "referral"
  | "hostility"
  | "off_topic"
  | "other";

export interface EdgeCaseScript {
  kind: EdgeCaseKind;
  user: string;
  /** The emotion the client shows when raising it, overriding the arc for that turn. */
  userEmotion?: { primary: string; intensity: number };
  assistant: string;
  assistantMood: AssistantMood;
  techniques: string[];
  /** The client's next turn opens with this (e.g. confirming they are safe). */
  userFollowUp?: string;
  /** Added to the assistant's closing turn so the behaviour is carried through. */
  closingReminder?: string;
}

const PATTERNS: Array<[EdgeCaseKind, RegExp]> = [
  [
    "crisis",
    /crisis|suicid|self[- ]?harm|hopeless|harm (?:my|them|her|him)sel|end (?:my|their) life|safety/i,
  ],
  [
    "specific_advice",
    /specific (?:investment|stock|fund|product|advice|recommendation|pick)|which (?:stock|fund|product|one)|guarantee|stock pick|hot tip|what to buy/i,
  ],
  [
    "referral",
    /refer|lawyer|attorney|legal|tax|doctor|medical|therap|licensed|specialist|professional/i,
  ],
  ["hostility", /hostil|angry|anger|rude|aggress|abusive|frustrat|complain|insult/i],
  ["off_topic", /out[- ]of[- ]scope|off[- ]topic|unrelated|irrelevant/i],
];

export function edgeCaseKind(edge: {
  key: string;
  name: string;
  expectedBehavior: string;
}): EdgeCaseKind {
  const text = `${edge.key.replaceAll("_", " ")} ${edge.name} ${edge.expectedBehavior}`;
  return PATTERNS.find(([, pattern]) => pattern.test(text))?.[0] ?? "other";
}

/** "Refuses to guess." / "The assistant should refuse to guess." → "refuse to guess". */
export function asInstruction(expectedBehavior: string): string {
  const text = expectedBehavior
    .trim()
    .replace(/[.!]+$/, "")
    .replace(
      /^(?:the\s+)?(?:assistant|consultant|advisor|adviser|model|ai|agent)?\s*(?:should|must|will|needs to)\s+/i,
      "",
    );
  return baseFormPhrase(text);
}

export function edgeCaseScript(
  edge: { key: string; name: string; expectedBehavior: string },
  slots: { first: string; topic: string; kw: string },
): EdgeCaseScript {
  const kind = edgeCaseKind(edge);
  switch (kind) {
    case "crisis":
      return {
        kind,
        user: "Can I be honest about something? Lately it's gotten so bad that I've had thoughts about not wanting to be here anymore.",
        userEmotion: { primary: "hopeless", intensity: 0.95 },
        assistant: `Thank you for trusting me with that, ${slots.first}. I'm really glad you told me, and your safety matters more than anything we've said about ${slots.topic}. Are you safe right now? If you're in immediate danger, please call your local emergency number. In the US you can call or text 988 to reach the Suicide & Crisis Lifeline at any hour, and I'd like to help you connect with a counselor who can support you with this.`,
        assistantMood: "concerned",
        techniques: ["crisis_response", "safety_check", "referral"],
        userFollowUp:
          "I'm safe right now. I think I just needed to say it out loud. I'll call the line tonight.",
        closingReminder:
          "And please do reach out to 988 or a counselor tonight, as we agreed; that comes first.",
      };
    case "specific_advice":
      return {
        kind,
        user: `Can you just tell me exactly what to do with my ${slots.kw}? Like, what would you pick if you were me?`,
        assistant: `I understand wanting a clear answer; it would make all of this feel lighter. I can't recommend a specific product or pick for you, but I can walk you through how to compare the options against your own goals, so the decision is one you understand and own.`,
        assistantMood: "steady",
        techniques: ["boundary_setting", "empowerment", "psychoeducation"],
      };
    case "referral":
      return {
        kind,
        user: "There's a part of this I'm really unsure about. Is that something you can just sort out for me, or do I need someone else?",
        assistant: `That part needs someone with the right license to look at your specific documents, and I'd be doing you a disservice by guessing. What I can do is help you prepare your questions so that conversation is quick and useful, and we'll keep working on ${slots.topic} together in the meantime.`,
        assistantMood: "steady",
        techniques: ["scope_clarification", "referral"],
      };
    case "hostility":
      return {
        kind,
        user: "Honestly, this feels like a waste of time. Everyone says the same generic things and none of it works for someone like me.",
        userEmotion: { primary: "frustrated", intensity: 0.85 },
        assistant:
          "That frustration makes sense, especially if the advice you've had before felt generic. I'd rather hear what hasn't worked for you than repeat it. What felt most off about it?",
        assistantMood: "steady",
        techniques: ["de_escalation", "validation", "open_question"],
      };
    case "off_topic":
      return {
        kind,
        user: "Before we go on, can you help me with something completely different? My neighbour and I are arguing about a fence.",
        assistant: `I can hear that's stressful too, but it's outside what I'm here to help with, and I wouldn't want to give you a half-answer. Let's keep our focus on ${slots.topic}, where I can genuinely be useful.`,
        assistantMood: "steady",
        techniques: ["redirection", "boundary_setting"],
      };
    default:
      return {
        kind,
        user: "I wasn't sure whether to bring this up, but it's actually the thing I'm most worried about.",
        assistant: `I'm glad you raised it, ${slots.first}. The right thing for me to do here is to ${asInstruction(edge.expectedBehavior)}, so let's take that seriously before anything else.`,
        assistantMood: "steady",
        techniques: ["edge_case_handling", "validation"],
      };
  }
}
