// Writes the conversation a brief asks for, deterministically for a given random stream: the
// persona speaks first and last-but-one, emotions follow the arc, the topic and persona details
// are woven into sentences from the phrase banks, and an edge case plays out as expected.
import type { GeneratedConversation, GeneratedTurn, GenerationBrief } from "@parley/generation";
import { type EdgeCaseScript, edgeCaseScript } from "./edge-case-script.ts";
import { type AssistantMood, assistantEmotion, planUserEmotions } from "./emotion-arc.ts";
import { spokenEmotion, valenceOf } from "./emotion-lexicon.ts";
import {
  ASSISTANT_GREETING,
  TECHNIQUES,
  type Technique,
  USER_CLOSING,
  USER_CONCERN,
  USER_EMOTION,
  USER_EXPLORATION,
  USER_GREETING,
  USER_GUIDANCE,
  USER_INTENT,
  USER_SOURCE,
  USER_TRAIT,
} from "./phrase-banks.ts";
import type { Random } from "./seeded-random.ts";
import { baseFormPhrase } from "./verb-forms.ts";

export interface WriterContext {
  /** The consultant's name, when the system prompt gives one ("You are Elena Morales, ..."). */
  consultantName?: string;
}

export type Phase = "opening" | "exploration" | "guidance" | "closing";

type Slots = Record<string, string | undefined>;

const GENERIC_TOPIC_WORDS = new Set([
  "basics",
  "fundamentals",
  "planning",
  "management",
  "strategies",
  "strategy",
  "overview",
  "tips",
  "guide",
  "introduction",
  "101",
]);

const TECHNIQUE_PHRASES: Record<string, string> = {
  validation: "validation",
  normalizing: "normalizing",
  reflective_listening: "reflective listening",
  open_question: "open questions",
  values_exploration: "values exploration",
  reframing: "reframing",
  psychoeducation: "plain-language explanation",
  action_planning: "a small, concrete action plan",
  strengths_affirmation: "affirming strengths",
  source_reference: "the source material",
  summarizing: "a clear recap",
  encouragement: "encouragement",
  crisis_response: "an immediate safety check",
  referral: "a referral to the right support",
  boundary_setting: "a clear, kind boundary",
  scope_clarification: "clarifying scope",
  de_escalation: "de-escalation",
  redirection: "gentle redirection",
};

/** The consultant's name from a system prompt that introduces it ("You are Elena Morales, CFP"). */
export function consultantNameFrom(system: string): string | undefined {
  const match = /\bYou are ([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)/.exec(system);
  const name = match?.[1];
  return name && !["An", "A", "The", "Claude"].includes(name.split(" ")[0] ?? "")
    ? name
    : undefined;
}

/** Phases for each user/assistant pair: opening, then exploration, then guidance, then closing. */
export function phasesFor(pairs: number): Phase[] {
  if (pairs === 1) return ["opening"];
  if (pairs === 2) return ["opening", "closing"];
  const middle = pairs - 2;
  const exploration = Math.floor(middle / 2);
  return [
    "opening",
    ...Array.from(
      { length: middle },
      (_, i): Phase => (i < exploration ? "exploration" : "guidance"),
    ),
    "closing",
  ];
}

function lowerFirst(text: string): string {
  return text.length > 1 && text[1] === text[1]?.toLowerCase()
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function topicPhrase(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((word) => (word === word.toUpperCase() ? word : word.toLowerCase()))
    .join(" ");
}

function topicKeyword(phrase: string): string {
  const words = phrase.split(" ").filter((w) => !GENERIC_TOPIC_WORDS.has(w.toLowerCase()));
  return words.length > 0 ? words.join(" ") : phrase;
}

function firstSentence(text: string, max = 200): string {
  const sentence = (/^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim()).replace(
    /\s+/g,
    " ",
  );
  if (sentence.length <= max) return sentence;
  return `${sentence.slice(0, max).replace(/\s+\S*$/, "")}…`;
}

/** "A 34-year-old teacher who …" → "I'm a 34-year-old teacher who …". */
function personaDetail(description: string, name: string): string | undefined {
  const sentence = firstSentence(description, 220).replace(/[.!?…]+$/, "");
  if (!sentence) return undefined;
  if (/^(a|an)\s/i.test(sentence)) return `I'm ${lowerFirst(sentence)}.`;
  const first = name.split(" ")[0] ?? name;
  const selfIntro = new RegExp(`^(?:${name}|${first}) is\\s+`, "i");
  if (selfIntro.test(sentence)) return `I'm ${sentence.replace(selfIntro, "")}.`;
  const pronoun = /^(?:she|he|they)\s+(\w+)\s+/i.exec(sentence);
  if (pronoun?.[1]) {
    const rest = sentence.slice(pronoun[0].length);
    const verb = pronoun[1].toLowerCase();
    if (verb === "is" || verb === "are") return `I'm ${rest}.`;
    if (verb === "has" || verb === "have") return `I have ${rest}.`;
    return `I ${verb.replace(/ies$/, "y").replace(/([^s])s$/, "$1")} ${rest}.`;
  }
  return `A bit of background: ${lowerFirst(sentence)}.`;
}

/** Traits split into adjectives ("risk-averse", read after "I'm pretty …") and habits ("avoids debt"). */
function sortTraits(traits: readonly string[]): { adjectives: string[]; habits: string[] } {
  const adjectives: string[] = [];
  const habits: string[] = [];
  for (const raw of traits) {
    const trait = raw
      .trim()
      .replaceAll("_", " ")
      .toLowerCase()
      .replace(/[.!]+$/, "");
    if (!trait) continue;
    const first = trait.split(" ")[0] ?? "";
    const shortPhrase = /^[a-z-]+(?: [a-z-]+)?$/.test(trait);
    const looksLikeVerb = /[^su]s$/.test(first) && !/(ous|ss|ic)$/.test(first);
    if (shortPhrase && !looksLikeVerb) adjectives.push(trait);
    else if (looksLikeVerb) habits.push(baseFormPhrase(trait));
  }
  return { adjectives, habits };
}

function describesTopic(description: string): string | undefined {
  const text = description.trim().replace(/[.!?]+$/, "");
  if (!text || text.split(/\s+/).length > 18 || /[.!?]/.test(text)) return undefined;
  return /^(how|what|when|why|whether|which|\w+ing)\b/i.test(text) ? lowerFirst(text) : undefined;
}

const PLACEHOLDER = /\{(\w+)\}/g;

function fill(template: string, slots: Slots): string | undefined {
  let missing = false;
  const text = template.replace(PLACEHOLDER, (_, key: string) => {
    const value = slots[key];
    if (!value) missing = true;
    return value ?? "";
  });
  return missing ? undefined : text;
}

class SentencePicker {
  private readonly used = new Set<string>();
  private readonly random: Random;

  constructor(random: Random) {
    this.random = random;
  }

  /** A sentence from `bank` not used yet in this conversation (reusing one only if none is left). */
  pick(bank: readonly string[], slots: Slots): string | undefined {
    const usable = bank.filter((t) => fill(t, slots) !== undefined);
    const fresh = usable.filter((t) => !this.used.has(t));
    const pool = fresh.length > 0 ? fresh : usable;
    if (pool.length === 0) return undefined;
    const template = this.random.pick(pool);
    this.used.add(template);
    return fill(template, slots);
  }
}

function emotionBand(emotion: string): keyof typeof USER_EMOTION {
  const v = valenceOf(emotion);
  if (v <= -0.6) return "distressed";
  if (v <= -0.15) return "uneasy";
  if (v < 0.3) return "neutral";
  return "easing";
}

/** Where the assistant quotes the source: the first guidance turn, else exploration, else the end. */
function sourceReferencePair(phases: readonly Phase[], edgePair: number): number {
  const last = phases.length - 1;
  const preferred = [phases.indexOf("guidance"), phases.indexOf("exploration"), last];
  return preferred.find((p) => p >= 0 && p !== edgePair) ?? last;
}

function joinSentences(parts: Array<string | undefined>): string {
  return parts.filter((p): p is string => Boolean(p)).join(" ");
}

function withArticle(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? "an" : "a"} ${phrase}`;
}

function listPhrases(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

export function writeConversation(
  brief: GenerationBrief,
  random: Random,
  context: WriterContext = {},
): GeneratedConversation {
  // Training conversations end on the assistant, so an odd count grows by one.
  const turnCount = brief.turnCount % 2 === 0 ? brief.turnCount : brief.turnCount + 1;
  const pairs = turnCount / 2;
  const phases = phasesFor(pairs);
  const userEmotions = planUserEmotions(
    brief.arc.startEmotion,
    brief.arc.endEmotion,
    pairs,
    random,
  );
  const picker = new SentencePicker(random);

  const first = brief.persona.name.trim().split(/\s+/)[0] ?? brief.persona.name;
  const topic = topicPhrase(brief.topic.name);
  const { adjectives: traits, habits } = sortTraits(brief.persona.traits);
  // Only a trait that is not itself a worry can be praised as an asset.
  const strengths = traits.filter((t) => valenceOf(t) >= 0);
  const source = brief.sourceContext;
  const base: Slots = {
    first,
    name: brief.persona.name,
    topic,
    kw: topicKeyword(topic),
    trait: traits.length > 0 ? random.pick(traits) : undefined,
    strength: strengths.length > 0 ? random.pick(strengths) : undefined,
    habit: habits.length > 0 ? random.pick(habits) : undefined,
    detail: personaDetail(brief.persona.description, brief.persona.name),
    consultant: context.consultantName?.split(" ")[0],
    intent: brief.intent
      ? lowerFirst(brief.intent.replaceAll("_", " ").replace(/[.!]+$/, ""))
      : undefined,
    sourceTitle: source?.title,
    sourceQuote: source ? firstSentence(source.content) : undefined,
    topicDescription: describesTopic(brief.topic.description),
    startEmotion: brief.arc.startEmotion.toLowerCase(),
  };

  const edge: EdgeCaseScript | undefined = brief.edgeCase
    ? edgeCaseScript(brief.edgeCase, { first, topic, kw: base.kw ?? topic })
    : undefined;
  // The pivotal moment sits mid-conversation; a very short one raises it straight away.
  const edgePair = !edge
    ? -1
    : pairs >= 3
      ? Math.min(Math.max(1, Math.floor(pairs / 2)), pairs - 2)
      : 0;
  const sourcePair = source ? sourceReferencePair(phases, edgePair) : -1;
  // The client says who they are early on: in the first turn after the opening, if there is one.
  const traitPair = [1, 0].find((p) => p < pairs && p !== edgePair) ?? 0;
  const traitBank = base.trait ? USER_TRAIT.adjective : base.habit ? USER_TRAIT.habit : undefined;

  const turns: GeneratedTurn[] = [];
  const techniqueCounts = new Map<string, number>();
  let edgeHappened = false;
  /** Whether the last assistant turn suggested something the client can react to. */
  let suggestionOffered = false;

  for (let p = 0; p < pairs; p++) {
    const phase = phases[p] as Phase;
    const planned = userEmotions[p] ?? {
      primary: brief.arc.startEmotion,
      intensity: 0.5,
      secondary: [],
    };
    const isEdge = p === edgePair && edge !== undefined;
    // The arc's first and last emotions are fixed; only a mid-conversation edge case overrides.
    const userEmotion =
      isEdge && edge.userEmotion && p !== 0 && p !== pairs - 1
        ? { ...edge.userEmotion, secondary: [planned.primary] }
        : planned;
    const slots: Slots = { ...base, emotion: spokenEmotion(planned.primary) };
    const feel = picker.pick(USER_EMOTION[emotionBand(planned.primary)], slots);
    const aboutMe = p === traitPair && traitBank ? picker.pick(traitBank, slots) : undefined;

    // The client's turn.
    let user: string;
    const followUp = edgeHappened && p === edgePair + 1 ? edge?.userFollowUp : undefined;
    if (isEdge && phase !== "opening") {
      user = edge.user;
    } else if (phase === "opening") {
      user = joinSentences([
        picker.pick(USER_GREETING, slots),
        slots.detail,
        picker.pick(USER_CONCERN, slots),
        source ? picker.pick(USER_SOURCE, slots) : undefined,
        aboutMe,
        feel,
        random.chance(0.7) ? picker.pick(USER_INTENT, slots) : undefined,
        isEdge ? edge.user : undefined,
      ]);
    } else if (followUp) {
      // Right after an edge case the client answers that moment, not the earlier thread.
      user = joinSentences([
        followUp,
        aboutMe,
        phase === "closing" ? picker.pick(USER_CLOSING, slots) : feel,
      ]);
    } else if (phase === "exploration" || (phase === "guidance" && !suggestionOffered)) {
      user = joinSentences([picker.pick(USER_EXPLORATION, slots), aboutMe, feel]);
    } else if (phase === "guidance") {
      user = joinSentences([picker.pick(USER_GUIDANCE, slots), aboutMe, feel]);
    } else {
      user = joinSentences([aboutMe, feel, picker.pick(USER_CLOSING, slots)]);
    }
    turns.push({ role: "user", content: user, emotion: userEmotion, phase });

    // The assistant's turn.
    const used: string[] = [];
    const say = (technique: Technique) => {
      const sentence = picker.pick(TECHNIQUES[technique], slots);
      if (sentence) used.push(technique);
      return sentence;
    };
    const either = (a: Technique, b: Technique) => say(random.chance(0.5) ? a : b);
    let mood: AssistantMood;
    let assistant: string;
    if (isEdge) {
      mood = edge.assistantMood;
      used.push(...edge.techniques);
      edgeHappened = true;
      assistant = joinSentences([
        phase === "opening" ? picker.pick(ASSISTANT_GREETING, slots) : undefined,
        edge.assistant,
        phase === "closing" || pairs === 1 ? say("encouragement") : undefined,
      ]);
    } else if (phase === "opening") {
      mood = valenceOf(planned.primary) < -0.3 ? "soothing" : "curious";
      assistant = joinSentences([
        picker.pick(ASSISTANT_GREETING, slots),
        either("validation", "normalizing"),
        pairs === 1 ? say("action_planning") : say("open_question"),
        pairs === 1 ? say("encouragement") : undefined,
      ]);
    } else if (phase === "exploration") {
      mood = "curious";
      assistant = joinSentences([
        either("reflective_listening", "validation"),
        p === sourcePair ? say("source_reference") : undefined,
        either("open_question", "values_exploration"),
      ]);
    } else if (phase === "guidance") {
      mood = "encouraging";
      assistant = joinSentences([
        either("reframing", "psychoeducation"),
        p === sourcePair ? say("source_reference") : undefined,
        say("action_planning"),
        random.chance(0.4) ? say("strengths_affirmation") : undefined,
      ]);
    } else {
      mood = "warm";
      assistant = joinSentences([
        p === sourcePair ? say("source_reference") : undefined,
        say("summarizing"),
        say("encouragement"),
        edgeHappened ? edge?.closingReminder : undefined,
      ]);
    }
    suggestionOffered = used.some((t) =>
      ["action_planning", "reframing", "psychoeducation", "source_reference"].includes(t),
    );
    for (const technique of used)
      techniqueCounts.set(technique, (techniqueCounts.get(technique) ?? 0) + 1);
    turns.push({
      role: "assistant",
      content: assistant,
      emotion: assistantEmotion(mood, random),
      phase,
      techniques: [...new Set(used)],
    });
  }

  const start = brief.arc.startEmotion.toLowerCase();
  const end = brief.arc.endEmotion.toLowerCase();
  const topTechniques = [...techniqueCounts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([t]) => TECHNIQUE_PHRASES[t] ?? t.replaceAll("_", " "));
  const helper = context.consultantName ?? "The assistant";
  const title = edge
    ? `${brief.edgeCase?.name}: ${first} on ${topic}`
    : random.pick([
        `${brief.topic.name}: ${first} moves from ${start} to ${end}`,
        `From ${start} to ${end}: ${first} on ${topic}`,
        `${brief.arc.name}: ${first} on ${topic}`,
      ]);
  const summary = joinSentences([
    `${brief.persona.name} comes in feeling ${start} about ${topic}.`,
    `${helper} responds with ${listPhrases(topTechniques.slice(0, 3))}.`,
    edge && brief.edgeCase
      ? `At the turning point the conversation shows the expected behaviour for "${brief.edgeCase.name}": ${lowerFirst(brief.edgeCase.expectedBehavior.trim().replace(/[.!]+$/, ""))}.`
      : undefined,
    source ? `The discussion draws on "${source.title}".` : undefined,
    `By the end, ${first} feels ${end}.`,
  ]);
  const learningObjective =
    edge && brief.edgeCase
      ? `Handle "${brief.edgeCase.name}": ${upperFirst(brief.edgeCase.expectedBehavior.trim().replace(/[.!]+$/, ""))}.`
      : `Show how ${listPhrases(topTechniques.slice(0, 2))} help ${withArticle(base.trait ? `${base.trait} client` : "client")} move from ${start} to ${end} while working through ${topic}.`;

  return { title, summary, learningObjective, turns };
}
