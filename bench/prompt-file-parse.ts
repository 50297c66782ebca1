// How long reading a prompts batch's largest allowed input takes: 10 000 prompts as JSONL, CSV
// and text through parsePromptFile (what prompts.preview, prompts.create and `parley batch create
// --prompts` run before anything is stored). Prints one line per format; no database.
import { MAX_PROMPTS, parsePromptFile } from "@parley/queue";

const prompt = (i: number) =>
  `Question ${i}: explain, in a few sentences, why "idempotent" handlers matter when a job can run twice.`;

const inputs = {
  jsonl: Array.from({ length: MAX_PROMPTS }, (_, i) =>
    JSON.stringify({ id: `q${i}`, prompt: prompt(i), system: "Be brief." }),
  ).join("\n"),
  csv: `id,prompt,system\n${Array.from(
    { length: MAX_PROMPTS },
    (_, i) => `q${i},"${prompt(i).replaceAll('"', '""')}",Be brief.`,
  ).join("\n")}`,
  text: Array.from({ length: MAX_PROMPTS }, (_, i) => prompt(i)).join("\n"),
} as const;

const RUNS = 5;
for (const [format, content] of Object.entries(inputs) as [keyof typeof inputs, string][]) {
  const timings: number[] = [];
  let count = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const parsed = parsePromptFile(content, format);
    timings.push(performance.now() - started);
    count = parsed.prompts.length;
    if (parsed.problems.length > 0) throw new Error(`${format}: ${parsed.problems[0]?.message}`);
  }
  timings.sort((a, b) => a - b);
  console.log(
    `${format.padEnd(5)} ${count} prompts, ${(content.length / 1_000_000).toFixed(2)} MB: median ${timings[Math.floor(RUNS / 2)]?.toFixed(0)} ms, best ${timings[0]?.toFixed(0)} ms (${RUNS} runs)`,
  );
}
