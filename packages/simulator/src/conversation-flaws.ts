// Realistic flaws the simulator writes into a share of its conversations, the way a real model
// sometimes fails: the client slipping into the consultant's voice, an emotional arc that never
// turns, replies far too short or far too long, advice an edge case forbids, a reply repeated.
// Which conversation gets which flaw is drawn from its request, so a run replays exactly; the
// flaw is never written into the answer, so the quality checks and the judge must find it in
// the text, as they would on Claude's output.
import { createHash } from "node:crypto";
import type { GeneratedConversation, GeneratedTurn, GenerationBrief } from "@parley/generation";
import { type WriterContext, writeConversation } from "./conversation-writer.ts";
import { edgeCaseKind, edgeCaseScript } from "./edge-case-script.ts";
import type { Random } from "./seeded-random.ts";

export const FLAW_KINDS = [
  "personaSlip",
  "flatArc",
  "tooShort",
  "tooLong",
  "forbiddenAdvice",
  "repeatedReply",
] as const;
export type FlawKind = (typeof FLAW_KINDS)[number];
export type FlawRates = Partial<Record<FlawKind, number>>;

/**
 * What `npm start` writes when PARLEY_SIM_FLAWS is unset: 20 % of conversations carry one flaw,
 * spread over the kinds, so a fresh batch shows the review queue a believable share to catch.
 * Code that starts a simulator itself (tests) gets none unless it asks.
 */
export const DEFAULT_FLAW_RATES: Readonly<Record<FlawKind, number>> = Object.freeze({
  personaSlip: 0.04,
  flatArc: 0.04,
  tooShort: 0.02,
  tooLong: 0.02,
  forbiddenAdvice: 0.04,
  repeatedReply: 0.04,
});

/** Edge cases whose expected behaviour a reply can visibly break in written words. */
const BREAKABLE_EDGE_CASES = new Set(["crisis", "specific_advice", "referral", "hostility"]);

/** An expected behaviour that rules something out or names the help to give. */
const STATES_A_BOUNDARY =
  /\b(?:declin\w*|refus\w*|does not|doesn't|never|without|refer\w*|attorney|lawyer|counsel\w*|cpa|hotline|helpline|lifeline|988|professional|calm|defensive)\b/i;

function forbiddenAdviceApplies(brief: GenerationBrief): boolean {
  return (
    brief.edgeCase !== undefined &&
    BREAKABLE_EDGE_CASES.has(edgeCaseKind(brief.edgeCase)) &&
    STATES_A_BOUNDARY.test(brief.edgeCase.expectedBehavior)
  );
}

/**
 * The flaw a conversation carries, from its own random stream: one draw against the cumulative
 * shares. "forbiddenAdvice" on a brief without a breakable edge case becomes "repeatedReply",
 * so the total share stays what was asked.
 */
export function drawFlaw(
  brief: GenerationBrief,
  rates: FlawRates,
  random: Random,
): FlawKind | null {
  const roll = random.next();
  let cumulative = 0;
  for (const kind of FLAW_KINDS) {
    cumulative += rates[kind] ?? 0;
    if (roll < cumulative) {
      return kind === "forbiddenAdvice" && !forbiddenAdviceApplies(brief) ? "repeatedReply" : kind;
    }
  }
  return null;
}

/**
 * Identifies a conversation by its messages' text, as stored: how a test or bench matches the
 * conversations it reads back to the flaws the simulator reports (stats.flawedTranscripts).
 */
export function transcriptKey(turns: readonly { content: string }[]): string {
  return createHash("sha256")
    .update(turns.map((turn) => turn.content).join("\u0000"))
    .digest("hex")
    .slice(0, 32);
}

export interface SimulatedConversation {
  conversation: GeneratedConversation;
  flaw: FlawKind | null;
}

/**
 * The simulator's conversation for a brief: written by writeConversation, then flawed when the
 * draw says so. `flawRandom` is a stream of its own, so flaws off gives the very conversation
 * the simulator always wrote.
 */
export function writeSimulatedConversation(
  brief: GenerationBrief,
  random: Random,
  context: WriterContext,
  rates: FlawRates,
  flawRandom: Random,
): SimulatedConversation {
  const flaw = drawFlaw(brief, rates, flawRandom);
  if (flaw === "flatArc") {
    // The model loses the arc: every client turn stays where it started.
    const flat = { ...brief, arc: { ...brief.arc, endEmotion: brief.arc.startEmotion } };
    return { conversation: writeConversation(flat, random, context), flaw };
  }
  const conversation = writeConversation(brief, random, context);
  if (flaw === null) return { conversation, flaw };
  const turns = conversation.turns.map((turn) => ({ ...turn }));
  switch (flaw) {
    case "personaSlip":
      slipPersona(turns, context, flawRandom);
      break;
    case "tooShort":
      for (const turn of turns) if (turn.role === "assistant") turn.content = clipped(turn.content);
      break;
    case "tooLong":
      lecture(turns, brief, flawRandom);
      break;
    case "forbiddenAdvice":
      breakEdgeCase(turns, brief);
      break;
    case "repeatedReply":
      repeatReply(turns, flawRandom);
      break;
  }
  return { conversation: { ...conversation, turns }, flaw };
}

function userTurnIndexes(turns: readonly GeneratedTurn[]): number[] {
  return turns.flatMap((turn, index) => (turn.role === "user" ? [index] : []));
}

/** The client writes a line in the consultant's voice: a role claim, a self-introduction, a label. */
function slipPersona(turns: GeneratedTurn[], context: WriterContext, random: Random): void {
  const users = userTurnIndexes(turns);
  const index =
    users.length > 1 ? (users[1 + random.int(users.length - 1)] as number) : (users[0] as number);
  const turn = turns[index] as GeneratedTurn;
  const consultant = context.consultantName?.split(/[ ,]/)[0];
  const slips = [
    "As your advisor, my suggestion is that we start by listing every account you have and what it costs you each month.",
    ...(consultant
      ? [
          `I'm ${consultant}, and I'd like to walk you through your options one step at a time today.`,
          `${consultant}: That's a really good question, and it's one a lot of my clients ask me.`,
        ]
      : []),
  ];
  const slip = random.pick(slips);
  turn.content = slip.includes(":") ? `${turn.content}\n${slip}` : `${slip} ${turn.content}`;
}

/** A terse model: each reply cut to a few words of its first sentence. */
function clipped(content: string): string {
  const words = content.split(/\s+/).filter(Boolean).slice(0, 6);
  return `${words.join(" ").replace(/[,;:.!?]+$/, "")}.`;
}

const LECTURE = [
  "Before we go any further, it helps to understand how {topic} fits into the bigger picture of your finances, because every decision here touches your cash flow, your savings rate and the goals you have for the next few years.",
  "People often treat {topic} as a single decision, but it is really a series of small choices made month after month, and the habits you build around those choices matter far more than any one number on a statement.",
  "The first principle is to know exactly where you stand today, which means gathering every statement, writing down every balance and every rate, and resisting the urge to look away from the parts that feel uncomfortable.",
  "The second principle is to separate what is urgent from what is important, because the urgent things shout the loudest while the important ones, like building a cushion, quietly wait until they become emergencies themselves.",
  "The third principle is to automate whatever you can, so that the right thing happens by default on payday instead of depending on willpower at the end of a long and tiring week.",
  "It is also worth remembering that fees and interest compound just as surely as returns do, so a small percentage that looks harmless on paper can grow into a surprisingly large amount over ten or twenty years.",
  "Many people find it useful to review everything once a quarter, putting a date in the calendar, pouring a coffee and walking through each account to see whether it still matches the plan they made.",
  "Finally, none of this needs to be perfect on the first attempt, and the most common mistake I see is waiting for the ideal moment or the ideal plan instead of starting with a reasonable one and adjusting it later.",
  "To put all of that together for {topic}: understand where you are, decide what matters most, automate the routine parts, keep an eye on costs, review regularly and give yourself permission to improve step by step.",
];

/** One reply turns into a lecture of several hundred words. */
function lecture(turns: GeneratedTurn[], brief: GenerationBrief, random: Random): void {
  const replies = turns.flatMap((turn, index) => (turn.role === "assistant" ? [index] : []));
  const index = replies[
    Math.min(replies.length - 1, 1 + random.int(Math.max(1, replies.length - 1)))
  ] as number;
  const topic = brief.topic.name.toLowerCase();
  const turn = turns[index] as GeneratedTurn;
  turn.content = [
    turn.content,
    ...LECTURE.map((sentence) => sentence.replaceAll("{topic}", topic)),
  ].join(" ");
}

const VIOLATIONS: Record<string, (topic: string) => string> = {
  crisis: (topic) =>
    `Let's not get sidetracked by that right now; we can come back to it another time. For today, let's stay with ${topic} and list your monthly bills one by one.`,
  specific_advice: () =>
    "Honestly, if I were you I'd put all of it into one broad index fund this week and stop second-guessing it. That's exactly the pick I'd make, and it will work out.",
  referral: () =>
    "Sure, I can sort that out for you, and you don't need anyone else for it. Just do it the way I tell you and it'll be fine.",
  hostility: () =>
    "That's not fair. If you had followed the advice you were given before, you wouldn't be in this spot now.",
};

/** The reply at the edge case's turning point does what the case forbids. */
function breakEdgeCase(turns: GeneratedTurn[], brief: GenerationBrief): void {
  const edge = brief.edgeCase;
  if (!edge) return;
  const kind = edgeCaseKind(edge);
  const script = edgeCaseScript(edge, { first: "", topic: "", kw: "" });
  const marker = script.techniques[0];
  const turn = turns.find(
    (t) => t.role === "assistant" && marker && t.techniques?.includes(marker),
  );
  const violation = VIOLATIONS[kind];
  if (!turn || !violation) return;
  turn.content = violation(brief.topic.name.toLowerCase());
  turn.techniques = [];
  // What followed the expected behaviour (the client confirming they are safe, the closing
  // reminder of the helpline) goes too, or the conversation would contradict itself.
  for (const other of turns) {
    for (const sentence of [script.userFollowUp, script.closingReminder]) {
      if (sentence)
        other.content = other.content
          .replace(sentence, "")
          .replace(/\s{2,}/g, " ")
          .trim();
    }
  }
}

/** A later reply restates an earlier one word for word, sometimes with a lead-in. */
function repeatReply(turns: GeneratedTurn[], random: Random): void {
  const replies = turns.flatMap((turn, index) => (turn.role === "assistant" ? [index] : []));
  if (replies.length < 2) return;
  const later = replies[1 + random.int(replies.length - 1)] as number;
  const earlier = turns[replies[random.int(replies.indexOf(later))] as number] as GeneratedTurn;
  const turn = turns[later] as GeneratedTurn;
  turn.content = random.chance(0.5) ? earlier.content : `As I said, ${earlier.content}`;
  turn.techniques = earlier.techniques ?? [];
}
