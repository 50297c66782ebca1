// The simulator's answer to a plain prompt (no forced tool, no output schema), as a prompts batch
// sends them: it names the prompt it answers, so a results table shows which answer is whose,
// and its length varies with the prompt like a real answer's would.
import type { Random } from "./seeded-random.ts";

const OPENINGS = [
  "Here is a short answer.",
  "Good question; in brief:",
  "The main points are these.",
  "It depends on a few things, but in general:",
] as const;

const SENTENCES = [
  "Start from what you already know and check it against a second source.",
  "Break the problem into smaller steps and take them one at a time.",
  "Write down the assumptions, because they are usually where mistakes hide.",
  "A small worked example makes the idea much easier to follow.",
  "Compare two or three options before settling on one.",
  "Keep notes as you go, so the reasoning can be checked later.",
] as const;

export function simulatedPromptAnswer(prompt: string, random: Random): string {
  const quoted = prompt.replace(/\s+/g, " ").trim().slice(0, 80);
  const pool = [...SENTENCES];
  // Drawn without replacement: a real answer does not say the same sentence twice.
  const sentences = Array.from(
    { length: random.between(2, 5) },
    () => pool.splice(random.int(pool.length), 1)[0],
  );
  return `(Simulated answer to "${quoted}") ${random.pick(OPENINGS)} ${sentences.join(" ")}`;
}

/** About what simulatedPromptAnswer writes (its mean length), for estimates of simulated batches. */
export const SIMULATED_PROMPT_ANSWER_TOKENS = 95;
