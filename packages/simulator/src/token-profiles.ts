// What one simulated conversation of each tier typically takes, measured on the reference
// scaffolding: the prompt (system block included) and the simulator's answer, which is shorter
// than a real model's. A simulated batch is estimated from these until the workspace's own
// simulated history takes over, so a newcomer's first batch lands near its estimate
// (apps/jobs simulated-estimate.test.ts holds them to within a quarter of a real run).
import type { Tier, TokenProfile } from "@parley/generation";

export const SIMULATED_TOKEN_PROFILES: Readonly<Record<Tier, TokenProfile>> = Object.freeze({
  template: { inputTokens: 3000, outputTokens: 720 },
  scenario: { inputTokens: 3350, outputTokens: 960 },
  edge_case: { inputTokens: 3200, outputTokens: 1020 },
});

/** What the simulator's judge writes per judgement (scores, reasons, summary), measured. */
export const SIMULATED_JUDGE_OUTPUT_TOKENS = 200;
