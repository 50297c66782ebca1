// Plans the client's emotion on each of their turns: exactly the arc's start emotion first,
// its end emotion last, and nearby emotions stepping between them.
import type { Emotion } from "@parley/generation";
import { emotionsNear, valenceOf } from "./emotion-lexicon.ts";
import type { Random } from "./seeded-random.ts";

function intensityFor(valence: number, random: Random): number {
  const base = 0.35 + 0.5 * Math.abs(valence) + (random.next() - 0.5) * 0.1;
  return Math.round(Math.min(0.95, Math.max(0.1, base)) * 100) / 100;
}

/** Smooth step: most of the change happens in the middle of the conversation. */
const ease = (t: number) => t * t * (3 - 2 * t);

export function planUserEmotions(
  start: string,
  end: string,
  userTurns: number,
  random: Random,
): Emotion[] {
  const from = valenceOf(start);
  const to = valenceOf(end);
  const names: string[] = [];
  const used = new Set([start.toLowerCase(), end.toLowerCase()]);
  for (let k = 0; k < userTurns; k++) {
    if (k === 0) names.push(start);
    else if (k === userTurns - 1) names.push(end);
    else {
      const target = from + (to - from) * ease(k / (userTurns - 1));
      const candidates = emotionsNear(target, used).slice(0, 3);
      const choice = candidates.length > 0 ? random.pick(candidates) : start;
      used.add(choice);
      names.push(choice);
    }
  }
  return names.map((primary, k) => {
    const secondary: string[] = [];
    const previous = names[k - 1];
    if (previous && previous !== primary) secondary.push(previous);
    // A single client turn has to carry the whole arc: the end emotion shows up already.
    if (userTurns === 1 && end !== start) secondary.push(end);
    return { primary, intensity: intensityFor(valenceOf(primary), random), secondary };
  });
}

export type AssistantMood =
  | "soothing"
  | "curious"
  | "encouraging"
  | "warm"
  | "concerned"
  | "steady";

const ASSISTANT_EMOTIONS: Record<AssistantMood, readonly string[]> = {
  soothing: ["empathetic", "compassionate", "gentle"],
  curious: ["attentive", "curious", "engaged"],
  encouraging: ["encouraging", "supportive", "confident"],
  warm: ["warm", "pleased", "hopeful"],
  concerned: ["concerned", "caring"],
  steady: ["steady", "respectful", "calm"],
};

export function assistantEmotion(mood: AssistantMood, random: Random): Emotion {
  const choices = ASSISTANT_EMOTIONS[mood];
  const primary = random.pick(choices);
  const secondary = random.chance(0.5) ? [random.pick(choices.filter((c) => c !== primary))] : [];
  const intensity = mood === "concerned" ? 0.8 : 0.45 + random.next() * 0.2;
  return { primary, intensity: Math.round(intensity * 100) / 100, secondary };
}
