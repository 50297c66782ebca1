// Checks a Messages API request body the way the real API does for the parts Parley uses, and
// normalises it (system and content as block lists) for the rest of the simulator.
import { invalidRequest } from "./api-error.ts";
import { assertCallableModel } from "./simulated-models.ts";

export interface CacheControl {
  type: "ephemeral";
  ttl?: "5m" | "1h";
}

export interface SystemBlock {
  type: "text";
  text: string;
  cache_control?: CacheControl;
}

export interface ContentBlock {
  type: string;
  text?: string;
  cache_control?: CacheControl;
  [key: string]: unknown;
}

export interface ChatMessage {
  role: "user" | "assistant";
  content: ContentBlock[];
}

export interface ToolDefinition {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: CacheControl;
}

export interface ToolChoice {
  type: "auto" | "any" | "tool" | "none";
  name?: string;
}

export interface MessageRequest {
  model: string;
  maxTokens: number;
  system: SystemBlock[];
  messages: ChatMessage[];
  tools: ToolDefinition[];
  toolChoice: ToolChoice | undefined;
  /** Structured output through `output_config.format` (JSON schema), answered as text. */
  outputSchema: Record<string, unknown> | undefined;
  /** Top-level automatic caching breakpoint. */
  cacheControl: CacheControl | undefined;
  /** The body as received, for hashing. */
  body: Record<string, unknown>;
}

const KNOWN_FIELDS = new Set([
  "model",
  "max_tokens",
  "messages",
  "system",
  "tools",
  "tool_choice",
  "metadata",
  "stop_sequences",
  "stream",
  "thinking",
  "output_config",
  "cache_control",
  "service_tier",
  "container",
  "diagnostics",
  "inference_geo",
  "speed",
]);
const SAMPLING_FIELDS = ["temperature", "top_p", "top_k"];
/** The API version from which sampling parameters are refused. */
export const SAMPLING_REMOVED_IN = "2026-10-21";
const MAX_OUTPUT_TOKENS = 64_000;
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function cacheControlAt(value: unknown, path: string): CacheControl | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value) || value.type !== "ephemeral") {
    throw invalidRequest(`${path}: cache_control must be {"type": "ephemeral"}`);
  }
  if (value.ttl !== undefined && value.ttl !== "5m" && value.ttl !== "1h") {
    throw invalidRequest(`${path}.ttl: must be "5m" or "1h"`);
  }
  return value.ttl ? { type: "ephemeral", ttl: value.ttl } : { type: "ephemeral" };
}

function textBlock(value: unknown, path: string): SystemBlock {
  if (!isObject(value) || value.type !== "text") {
    throw invalidRequest(`${path}.type: expected "text"`);
  }
  if (typeof value.text !== "string" || value.text.length === 0) {
    throw invalidRequest(`${path}.text: text content blocks must be non-empty`);
  }
  const cache = cacheControlAt(value.cache_control, `${path}.cache_control`);
  return { type: "text", text: value.text, ...(cache ? { cache_control: cache } : {}) };
}

function contentBlocks(value: unknown, path: string): ContentBlock[] {
  if (typeof value === "string") {
    if (value.length === 0) throw invalidRequest(`${path}: messages must have non-empty content`);
    return [{ type: "text", text: value }];
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidRequest(
      `${path}: must be a non-empty string or a non-empty list of content blocks`,
    );
  }
  return value.map((block, i): ContentBlock => {
    const at = `${path}.${i}`;
    if (!isObject(block) || typeof block.type !== "string") {
      throw invalidRequest(`${at}: each content block needs a "type"`);
    }
    if (block.type === "text") return { ...textBlock(block, at) };
    cacheControlAt(block.cache_control, `${at}.cache_control`);
    return block as ContentBlock;
  });
}

function tool(value: unknown, path: string): ToolDefinition {
  if (!isObject(value)) throw invalidRequest(`${path}: each tool must be an object`);
  if (typeof value.name !== "string" || !TOOL_NAME.test(value.name)) {
    throw invalidRequest(`${path}.name: must match ^[a-zA-Z0-9_-]{1,128}$`);
  }
  if (value.type !== undefined && value.type !== null && value.type !== "custom") {
    throw invalidRequest(`${path}.type: the simulator supports custom tools only`);
  }
  if (!isObject(value.input_schema) || value.input_schema.type !== "object") {
    throw invalidRequest(`${path}.input_schema: must be a JSON schema with "type": "object"`);
  }
  if (value.description !== undefined && typeof value.description !== "string") {
    throw invalidRequest(`${path}.description: must be a string`);
  }
  const cache = cacheControlAt(value.cache_control, `${path}.cache_control`);
  return {
    name: value.name,
    ...(typeof value.description === "string" ? { description: value.description } : {}),
    input_schema: value.input_schema,
    ...(cache ? { cache_control: cache } : {}),
  };
}

/**
 * `version` is the anthropic-version header the client sent. Token counting takes the same body
 * without max_tokens.
 */
export function validateMessageRequest(
  body: unknown,
  version: string,
  { forTokenCount = false }: { forTokenCount?: boolean } = {},
): MessageRequest {
  if (!isObject(body)) throw invalidRequest("The request body must be a JSON object.");

  if (version >= SAMPLING_REMOVED_IN) {
    const sent = SAMPLING_FIELDS.filter((field) => field in body);
    if (sent.length > 0) {
      throw invalidRequest(
        `${sent.join(", ")}: not supported by anthropic-version ${version}. Remove temperature, top_p and top_k from the request.`,
      );
    }
  }
  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.has(key) && !SAMPLING_FIELDS.includes(key)) {
      throw invalidRequest(`${key}: Extra inputs are not permitted`);
    }
  }

  if (typeof body.model !== "string" || body.model.length === 0) {
    throw invalidRequest("model: Field required");
  }
  assertCallableModel(body.model);
  const maxTokens = forTokenCount && body.max_tokens === undefined ? 1 : body.max_tokens;
  if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens) || maxTokens < 1) {
    throw invalidRequest("max_tokens: Field required; must be a whole number of at least 1");
  }
  if (maxTokens > MAX_OUTPUT_TOKENS) {
    throw invalidRequest(
      `max_tokens: ${maxTokens} > ${MAX_OUTPUT_TOKENS}, which is the maximum allowed number of output tokens for ${body.model}`,
    );
  }
  if (body.stream === true) {
    throw invalidRequest("stream: the simulated server does not stream; send stream: false.");
  }

  let system: SystemBlock[] = [];
  if (typeof body.system === "string") {
    system = body.system.length > 0 ? [{ type: "text", text: body.system }] : [];
  } else if (Array.isArray(body.system)) {
    system = body.system.map((block, i) => textBlock(block, `system.${i}`));
  } else if (body.system !== undefined) {
    throw invalidRequest("system: must be a string or a list of text blocks");
  }

  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw invalidRequest("messages: at least one message is required");
  }
  const messages: ChatMessage[] = body.messages.map((message, i) => {
    if (!isObject(message)) throw invalidRequest(`messages.${i}: must be an object`);
    if (message.role !== "user" && message.role !== "assistant") {
      throw invalidRequest(`messages.${i}.role: must be "user" or "assistant"`);
    }
    return { role: message.role, content: contentBlocks(message.content, `messages.${i}.content`) };
  });
  if (messages[0]?.role !== "user") {
    throw invalidRequest('messages.0.role: the first message must use the "user" role');
  }

  let tools: ToolDefinition[] = [];
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) throw invalidRequest("tools: must be a list");
    tools = body.tools.map((t, i) => tool(t, `tools.${i}`));
    const names = new Set<string>();
    for (const t of tools) {
      if (names.has(t.name)) throw invalidRequest(`tools: tool names must be unique ("${t.name}")`);
      names.add(t.name);
    }
  }

  let toolChoice: ToolChoice | undefined;
  if (body.tool_choice !== undefined) {
    const choice = body.tool_choice;
    if (!isObject(choice) || !["auto", "any", "tool", "none"].includes(String(choice.type))) {
      throw invalidRequest('tool_choice.type: must be "auto", "any", "tool" or "none"');
    }
    if (choice.type === "tool") {
      if (typeof choice.name !== "string") throw invalidRequest("tool_choice.name: Field required");
      if (!tools.some((t) => t.name === choice.name)) {
        throw invalidRequest(`tool_choice.name: no tool named "${choice.name}" in tools`);
      }
    }
    if ((choice.type === "any" || choice.type === "tool") && tools.length === 0) {
      throw invalidRequest("tool_choice: requires at least one tool in tools");
    }
    toolChoice = {
      type: choice.type as ToolChoice["type"],
      ...(typeof choice.name === "string" ? { name: choice.name } : {}),
    };
  }

  let outputSchema: Record<string, unknown> | undefined;
  if (body.output_config !== undefined) {
    if (!isObject(body.output_config)) throw invalidRequest("output_config: must be an object");
    const format = body.output_config.format;
    if (format !== undefined && format !== null) {
      if (!isObject(format) || format.type !== "json_schema" || !isObject(format.schema)) {
        throw invalidRequest(
          'output_config.format: expected {"type": "json_schema", "schema": {...}}',
        );
      }
      outputSchema = format.schema;
    }
  }

  const breakpoints =
    system.filter((b) => b.cache_control).length +
    tools.filter((t) => t.cache_control).length +
    messages.flatMap((m) => m.content).filter((b) => b.cache_control).length +
    (body.cache_control ? 1 : 0);
  if (breakpoints > 4) {
    throw invalidRequest(
      `A maximum of 4 blocks with cache_control may be provided. Found ${breakpoints}.`,
    );
  }

  return {
    model: body.model,
    maxTokens,
    system,
    messages,
    tools,
    toolChoice,
    outputSchema,
    cacheControl: cacheControlAt(body.cache_control, "cache_control"),
    body,
  };
}

/** All text of the last user message, where the brief lives. */
export function lastUserText(request: MessageRequest): string {
  const last = [...request.messages].reverse().find((m) => m.role === "user");
  return (last?.content ?? [])
    .map((block) => (typeof block.text === "string" ? block.text : ""))
    .join("\n");
}
