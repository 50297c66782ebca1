// Public API of simulator: the simulated Anthropic server and its configuration.

export {
  DEFAULT_FLAW_RATES,
  drawFlaw,
  FLAW_KINDS,
  type FlawKind,
  type FlawRates,
  type SimulatedConversation,
  transcriptKey,
  writeSimulatedConversation,
} from "./conversation-flaws.ts";
export { consultantNameFrom } from "./conversation-writer.ts";
export {
  DEFAULT_SIMULATOR_PORT,
  findRunningSimulator,
  installSimulatorUrl,
  startInstallSimulator,
} from "./install-simulator.ts";
export { writeJudgement } from "./judge-writer.ts";
export type { MinuteMaxima } from "./minute-windows.ts";
export { SIMULATED_PROMPT_ANSWER_TOKENS } from "./prompt-answer.ts";
export {
  type Confusion,
  measureQualitySeparation,
  type SeparationOptions,
  type SeparationResult,
  type SeparationScaffolding,
} from "./quality-separation.ts";
export { randomFromString } from "./seeded-random.ts";
export { listSimulatedModels, SIMULATED_MODELS } from "./simulated-models.ts";
export {
  FAULT_KINDS,
  type FaultKind,
  type FaultRates,
  parseFaultRates,
  parseFlawRates,
  type ScriptedFault,
  SIMULATOR_DEFAULTS,
  SimulatorConfigError,
  type SimulatorOptions,
  simulatorOptionsFromEnv,
} from "./simulator-options.ts";
export { type RunningSimulator, type SimulatorStats, startSimulator } from "./start-simulator.ts";
export { SIMULATED_JUDGE_OUTPUT_TOKENS, SIMULATED_TOKEN_PROFILES } from "./token-profiles.ts";
