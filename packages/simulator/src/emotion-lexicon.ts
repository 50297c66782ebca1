// Emotions the simulator knows how to place on a scale from distress (-1) to ease (+1), so an
// arc from any start emotion to any end emotion can pass through plausible steps.

export const EMOTION_VALENCE: Readonly<Record<string, number>> = {
  hopeless: -0.95,
  desperate: -0.9,
  panicked: -0.9,
  overwhelmed: -0.8,
  grieving: -0.8,
  devastated: -0.85,
  terrified: -0.85,
  afraid: -0.75,
  fearful: -0.75,
  scared: -0.75,
  ashamed: -0.7,
  anxious: -0.7,
  angry: -0.7,
  sad: -0.7,
  embarrassed: -0.6,
  guilty: -0.6,
  frustrated: -0.6,
  resentful: -0.6,
  stressed: -0.6,
  worried: -0.6,
  lonely: -0.6,
  nervous: -0.5,
  insecure: -0.5,
  discouraged: -0.5,
  defensive: -0.4,
  confused: -0.4,
  doubtful: -0.35,
  uncertain: -0.3,
  skeptical: -0.3,
  guarded: -0.3,
  hesitant: -0.25,
  ambivalent: -0.2,
  cautious: -0.1,
  neutral: 0,
  open: 0.1,
  curious: 0.2,
  reflective: 0.2,
  accepting: 0.3,
  calmer: 0.35,
  calm: 0.4,
  reassured: 0.5,
  relieved: 0.5,
  content: 0.5,
  clear: 0.5,
  resolved: 0.5,
  hopeful: 0.6,
  encouraged: 0.6,
  motivated: 0.6,
  optimistic: 0.6,
  determined: 0.6,
  peaceful: 0.6,
  confident: 0.7,
  grateful: 0.7,
  proud: 0.7,
  excited: 0.7,
  empowered: 0.8,
};

const NEGATIVE_HINTS =
  /(anx|fear|afraid|worr|stress|panic|sad|ang|fru|guil|sham|hopeless|overwhelm|despair|dread|upset|hurt|lost|stuck|tense)/;
const POSITIVE_HINTS =
  /(hope|confid|calm|relie|grat|happ|proud|motiv|empow|secure|optim|peace|content|joy|excit|assur|trust)/;

/** Valence of a known emotion, or a guess from its spelling for one we have never seen. */
export function valenceOf(emotion: string): number {
  const word = emotion.trim().toLowerCase();
  const known = EMOTION_VALENCE[word];
  if (known !== undefined) return known;
  if (NEGATIVE_HINTS.test(word)) return -0.6;
  if (POSITIVE_HINTS.test(word)) return 0.6;
  return 0;
}

/** Known emotions closest to a valence, nearest first. */
export function emotionsNear(valence: number, exclude: ReadonlySet<string>): string[] {
  return Object.entries(EMOTION_VALENCE)
    .filter(([word]) => !exclude.has(word))
    .sort(([, a], [, b]) => Math.abs(a - valence) - Math.abs(b - valence))
    .map(([word]) => word);
}

/**
 * Arcs name emotions as nouns ("frustration → resolution"), but a client says how they feel
 * with an adjective: "I feel really frustrated", never "I feel really frustration".
 */
const SPOKEN_FORMS: Readonly<Record<string, string>> = {
  acceptance: "at peace",
  anger: "angry",
  anxiety: "anxious",
  calmness: "calm",
  clarity: "clear-headed",
  confidence: "confident",
  confusion: "confused",
  despair: "hopeless",
  doubt: "doubtful",
  embarrassment: "embarrassed",
  empowerment: "empowered",
  fear: "afraid",
  focus: "focused",
  frustration: "frustrated",
  gratitude: "grateful",
  grief: "heartbroken",
  guilt: "guilty",
  hope: "hopeful",
  overwhelm: "overwhelmed",
  panic: "panicked",
  peace: "peaceful",
  pride: "proud",
  relief: "relieved",
  resentment: "resentful",
  resolution: "resolved",
  sadness: "sad",
  shame: "ashamed",
  skepticism: "skeptical",
  stress: "stressed",
  trust: "trusting",
  worry: "worried",
};

/** How a speaker would say they feel an emotion: its adjective when the name is a noun. */
export function spokenEmotion(emotion: string): string {
  const word = emotion.trim().toLowerCase();
  return SPOKEN_FORMS[word] ?? word;
}
