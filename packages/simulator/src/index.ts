// Public API of simulator: the simulated Anthropic server and its configuration.

export {
  DEFAULT_SIMULATOR_PORT,
  findRunningSimulator,
  installSimulatorUrl,
  startInstallSimulator,
} from "./install-simulator.ts";
export type { MinuteMaxima } from "./minute-windows.ts";
export { SIMULATED_PROMPT_ANSWER_TOKENS } from "./prompt-answer.ts";
export { listSimulatedModels, SIMULATED_MODELS } from "./simulated-models.ts";
export {
  FAULT_KINDS,
  type FaultKind,
  type FaultRates,
  parseFaultRates,
  type ScriptedFault,
  SIMULATOR_DEFAULTS,
  SimulatorConfigError,
  type SimulatorOptions,
  simulatorOptionsFromEnv,
} from "./simulator-options.ts";
export { type RunningSimulator, type SimulatorStats, startSimulator } from "./start-simulator.ts";
export { SIMULATED_JUDGE_OUTPUT_TOKENS, SIMULATED_TOKEN_PROFILES } from "./token-profiles.ts";
