// Does the quality verdict catch the simulator's flaws? Writes BENCH_CONVERSATIONS (1 000)
// conversations with the reference scaffolding through the simulator's writer, 20 % of them
// flawed (PARLEY_SIM_FLAWS' default rates), scores each with the worker's quality pipeline,
// without and with the simulated LLM judge, and prints recall, precision, confusion counts and
// per-flaw recall against the flaws the writer reports. Results go to
// quality-separation.results.json. Exits 1 when recall or precision is under 0.9.
import { writeFileSync } from "node:fs";
import {
  REFERENCE_CONSULTANT_PROFILE,
  REFERENCE_EDGE_CASES,
  REFERENCE_EMOTIONAL_ARCS,
  REFERENCE_PERSONAS,
  REFERENCE_TRAINING_TOPICS,
} from "@parley/db";
import { DEFAULT_FLAW_RATES, measureQualitySeparation } from "@parley/simulator";

const count = Number(process.env.BENCH_CONVERSATIONS ?? 1_000);
const scaffolding = {
  consultant: {
    name: REFERENCE_CONSULTANT_PROFILE.name,
    systemPrompt: REFERENCE_CONSULTANT_PROFILE.systemPrompt ?? REFERENCE_CONSULTANT_PROFILE.name,
  },
  personas: REFERENCE_PERSONAS,
  arcs: REFERENCE_EMOTIONAL_ARCS,
  topics: REFERENCE_TRAINING_TOPICS,
  edgeCases: REFERENCE_EDGE_CASES,
};

const runs = [false, true].map((judge) => {
  const started = performance.now();
  const result = measureQualitySeparation({
    scaffolding,
    count,
    flaws: DEFAULT_FLAW_RATES,
    judge,
    seed: "bench",
  });
  const ms = performance.now() - started;
  return { judge, ms: Math.round(ms), ...result };
});

for (const run of runs) {
  console.log(
    `\n${run.judge ? "rules + simulated judge" : "rules only"}: ${run.count} conversations in ${(run.ms / 1000).toFixed(1)} s`,
  );
  console.log(
    `  flawed ${run.flawed}, below the threshold ${run.below}; caught ${run.caught}, missed ${run.missed}, false alarms ${run.falseAlarms}, passed ${run.passed}`,
  );
  console.log(`  recall ${run.recall.toFixed(3)}, precision ${run.precision.toFixed(3)}`);
  for (const [kind, entry] of Object.entries(run.perKind)) {
    console.log(
      `  ${kind.padEnd(16)} ${entry.caught}/${entry.count} caught (${entry.recall.toFixed(3)})`,
    );
  }
  console.log(
    `  dimensions under their floor among those below: ${JSON.stringify(run.underFloor)}`,
  );
  for (const mistake of run.mistakes.slice(0, 10))
    console.log(`  mistake: ${JSON.stringify(mistake)}`);
}

writeFileSync(
  new URL("./quality-separation.results.json", import.meta.url),
  `${JSON.stringify(
    { date: new Date().toISOString(), count, flawRates: DEFAULT_FLAW_RATES, runs },
    null,
    2,
  )}\n`,
);
if (runs.some((run) => run.recall < 0.9 || run.precision < 0.9)) process.exitCode = 1;
