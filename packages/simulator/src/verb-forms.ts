// Turns third-person descriptions into first-person or imperative ones ("Refuses to guess and
// explains why" → "refuse to guess and explain why"), so briefs written about someone can be
// spoken by them.

const IRREGULAR: Record<string, string> = { does: "do", has: "have", is: "be", goes: "go" };

function baseForm(word: string): string {
  const lower = word.toLowerCase();
  const irregular = IRREGULAR[lower];
  if (irregular) return irregular;
  if (/ies$/.test(lower)) return lower.replace(/ies$/, "y");
  if (/(ch|sh|x|ss)es$/.test(lower)) return lower.replace(/es$/, "");
  if (/[^su]s$/.test(lower)) return lower.replace(/s$/, "");
  return lower;
}

const looksThirdPerson = (word: string) => /[^su]s$/i.test(word) || word.toLowerCase() in IRREGULAR;

/**
 * Base form of the phrase's leading verb, and of verbs joined to it by "and"/"or":
 * "Recognizes signs and provides resources" → "recognize signs and provide resources".
 * A word after "and" that ends the phrase is left alone, as it is usually a noun ("empathy and resources").
 */
export function baseFormPhrase(phrase: string): string {
  const words = phrase.trim().split(/\s+/);
  const first = words[0];
  if (first === undefined) return "";
  const converted = looksThirdPerson(first);
  return words
    .map((word, i) => {
      if (i === 0) return baseForm(word);
      const previous = words[i - 1]?.toLowerCase();
      const joined = previous === "and" || previous === "or";
      return converted && joined && i < words.length - 1 && looksThirdPerson(word)
        ? baseForm(word)
        : word;
    })
    .join(" ");
}
