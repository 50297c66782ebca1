// Public API of provider: Claude (real or simulated) behind one interface, plus the pieces
// Message Batches mode needs.
export {
  type AnthropicProviderOptions,
  type BatchConversationRequest,
  type ConversationProvider,
  createAnthropicProvider,
  type GenerateOptions,
  type GenerationResult,
  type JudgeOptions,
  type JudgeResult,
  type MessageBatch,
  type MessageBatchItemResult,
  type PromptResult,
} from "./anthropic-provider.ts";
export type { AttemptStatus, GenerationAttemptLog } from "./generation-attempt-log.ts";
export { type ParsedJudgement, parseJudgeResponse, toJudgeMessageParams } from "./judge-params.ts";
export {
  DEFAULT_MODEL,
  estimateInputTokens,
  type MessageParams,
  RECORD_CONVERSATION_TOOL_DEFINITION,
  toMessageParams,
} from "./message-params.ts";
export {
  type ParsedConversation,
  parseConversationResponse,
} from "./parse-conversation-response.ts";
export {
  type PromptAnswer,
  type PromptRequest,
  parsePromptAnswer,
  toPromptMessageParams,
} from "./prompt-params.ts";
export { isProviderError, ProviderError, type ProviderErrorDetails } from "./provider-error.ts";
export {
  createProviderFromEnv,
  type ProviderChoice,
  type ProviderFromEnvOptions,
  readInstallModelPrices,
} from "./provider-from-env.ts";
