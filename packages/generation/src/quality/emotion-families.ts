// Groups emotion words into families so "worried" matches an arc that starts at "anxiety", and
// gives each family a valence so a near miss ("relieved" for an arc ending in "clarity") can be
// told apart from a wrong direction ("anxious" at the end of a relief arc).

export type Valence = "negative" | "positive" | "neutral";

const FAMILIES: Readonly<Record<string, { valence: Valence; words: readonly string[] }>> = {
  anxiety: {
    valence: "negative",
    words: [
      "anxious",
      "anxiety",
      "worried",
      "worry",
      "nervous",
      "scared",
      "afraid",
      "fear",
      "fearful",
      "uneasy",
      "apprehensive",
      "panicked",
      "panic",
      "stressed",
      "stress",
      "tense",
      "concerned",
      "insecure",
      "dread",
    ],
  },
  overwhelm: {
    valence: "negative",
    words: [
      "overwhelmed",
      "overwhelm",
      "swamped",
      "paralyzed",
      "paralysed",
      "overloaded",
      "burdened",
      "stressed",
      "exhausted",
    ],
  },
  confusion: {
    valence: "negative",
    words: [
      "confused",
      "confusion",
      "uncertain",
      "uncertainty",
      "unsure",
      "lost",
      "puzzled",
      "bewildered",
      "perplexed",
      "unclear",
      "disoriented",
      "doubtful",
    ],
  },
  frustration: {
    valence: "negative",
    words: [
      "frustrated",
      "frustration",
      "angry",
      "anger",
      "annoyed",
      "irritated",
      "exasperated",
      "resentful",
      "resentment",
      "impatient",
    ],
  },
  shame: {
    valence: "negative",
    words: [
      "ashamed",
      "shame",
      "embarrassed",
      "embarrassment",
      "guilty",
      "guilt",
      "humiliated",
      "humiliation",
      "regret",
      "regretful",
      "self conscious",
    ],
  },
  sadness: {
    valence: "negative",
    words: [
      "sad",
      "sadness",
      "despair",
      "hopeless",
      "hopelessness",
      "grief",
      "grieving",
      "depressed",
      "discouraged",
      "defeated",
      "devastated",
      "lonely",
      "disappointed",
      "disappointment",
      "distressed",
      "distress",
      "crisis",
    ],
  },
  avoidance: {
    valence: "negative",
    words: [
      "avoidant",
      "avoidance",
      "defensive",
      "reluctant",
      "resistant",
      "hesitant",
      "guarded",
      "dismissive",
      "withdrawn",
      "skeptical",
      "sceptical",
      "distrustful",
      "detached",
      "denial",
    ],
  },
  relief: {
    valence: "positive",
    words: [
      "relieved",
      "relief",
      "calm",
      "calmer",
      "reassured",
      "reassurance",
      "comforted",
      "settled",
      "peaceful",
      "relaxed",
      "eased",
      "safe",
      "secure",
      "at ease",
      "soothed",
      "supported",
      "cared for",
    ],
  },
  clarity: {
    valence: "positive",
    words: [
      "clarity",
      "clear",
      "understanding",
      "understood",
      "informed",
      "enlightened",
      "oriented",
      "focused",
      "aware",
      "insight",
      "insightful",
    ],
  },
  confidence: {
    valence: "positive",
    words: [
      "confident",
      "confidence",
      "empowered",
      "empowerment",
      "capable",
      "determined",
      "motivated",
      "assured",
      "in control",
      "prepared",
      "ready",
      "competent",
      "self assured",
    ],
  },
  acceptance: {
    valence: "positive",
    words: [
      "acceptance",
      "accepting",
      "accepted",
      "self compassion",
      "self compassionate",
      "at peace",
      "forgiving",
      "forgiveness",
    ],
  },
  hope: {
    valence: "positive",
    words: [
      "hopeful",
      "hope",
      "optimistic",
      "optimism",
      "encouraged",
      "excited",
      "eager",
      "positive",
      "inspired",
      "enthusiastic",
    ],
  },
  resolution: {
    valence: "positive",
    words: [
      "resolved",
      "resolution",
      "satisfied",
      "satisfaction",
      "accomplished",
      "grateful",
      "gratitude",
      "thankful",
      "content",
      "proud",
      "pride",
      "fulfilled",
    ],
  },
  curiosity: {
    valence: "neutral",
    words: ["curious", "curiosity", "interested", "interest", "intrigued", "inquisitive"],
  },
  composure: {
    valence: "neutral",
    words: [
      "neutral",
      "pragmatic",
      "practical",
      "composed",
      "thoughtful",
      "reflective",
      "matter of fact",
    ],
  },
};

const FAMILIES_BY_WORD = new Map<string, string[]>();
for (const [family, { words }] of Object.entries(FAMILIES)) {
  for (const word of words)
    FAMILIES_BY_WORD.set(word, [...(FAMILIES_BY_WORD.get(word) ?? []), family]);
}

function normalise(emotion: string): string {
  return emotion
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[-_]+/g, " ")
    .replace(/[^\p{L}\s]/gu, "")
    .trim();
}

function stem(word: string): string {
  return word.replace(/(ness|ment|ity|ful|ly|ing|ed)$/u, "");
}

/**
 * The families of an emotion word or short phrase. Unknown words form their own family (by
 * stem), so two unknown but identical words still match each other.
 */
export function emotionFamilies(emotion: string): string[] {
  const phrase = normalise(emotion);
  if (phrase === "") return [];
  const candidates = [
    phrase,
    stem(phrase),
    ...phrase.split(/\s+/).flatMap((word) => [word, stem(word)]),
  ];
  for (const candidate of candidates) {
    const families = FAMILIES_BY_WORD.get(candidate);
    if (families) return families;
  }
  return [`word:${stem(phrase)}`];
}

export function emotionValence(emotion: string): Valence | null {
  const valences = emotionFamilies(emotion).flatMap((family) => FAMILIES[family]?.valence ?? []);
  return valences[0] ?? null;
}

/** 1 for the same family, 0.6 for the same (known) valence, 0 otherwise. */
export function emotionMatchScore(actual: string, expected: string): number {
  const actualFamilies = emotionFamilies(actual);
  const expectedFamilies = new Set(emotionFamilies(expected));
  if (actualFamilies.some((family) => expectedFamilies.has(family))) return 1;
  const valence = emotionValence(actual);
  return valence !== null && valence !== "neutral" && valence === emotionValence(expected)
    ? 0.6
    : 0;
}

export function sameEmotionFamily(a: string, b: string): boolean {
  return emotionMatchScore(a, b) === 1;
}
