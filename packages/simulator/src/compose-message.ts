// Builds the Messages API response body for a valid request: which content to return (the
// forced tool's input, JSON text for output_config, or plain text), stop reason and usage.
// The content depends only on the request, so the same request gets the same answer.
import {
  estimateTokens,
  extractBrief,
  type GeneratedConversation,
  type GenerationBrief,
  RECORD_CONVERSATION_TOOL,
  RECORD_JUDGEMENT_TOOL,
} from "@parley/generation";
import {
  type FlawKind,
  type FlawRates,
  transcriptKey,
  writeSimulatedConversation,
} from "./conversation-flaws.ts";
import { consultantNameFrom } from "./conversation-writer.ts";
import { fakeFromJsonSchema } from "./fake-from-json-schema.ts";
import { writeJudgement } from "./judge-writer.ts";
import { simulatedPromptAnswer } from "./prompt-answer.ts";
import type { InputAccounting } from "./prompt-cache.ts";
import { canonicalJson, type Random, randomFromString } from "./seeded-random.ts";
import {
  lastUserText,
  type MessageRequest,
  type ToolDefinition,
} from "./validate-message-request.ts";

type MalformedVariant = "missing_emotion" | "bad_role" | "too_few_turns";
const MALFORMED_VARIANTS: readonly MalformedVariant[] = [
  "missing_emotion",
  "bad_role",
  "too_few_turns",
];

export interface ComposeOptions {
  /**
   * An injected `malformed` fault: a tool input that breaks the schema (a missing field, a bad
   * role, too few turns), or JSON text cut short.
   */
  malformed?: boolean;
  serviceTier: "standard" | "batch";
  /** Draws ids; separate from the content's random stream so ids never change content. */
  ids: Random;
  /** Share of conversations written with each flaw; none when unset. */
  flaws?: FlawRates;
}

export interface ComposedMessage {
  body: Record<string, unknown>;
  outputTokens: number;
  /** The flaw written into the answer's conversation, if any (never sent to the client). */
  flaw?: { kind: FlawKind; transcriptKey: string };
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomId(prefix: string, random: Random, length = 24): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += BASE62[random.int(BASE62.length)];
  return id;
}

/** Used when a record_conversation call carries no brief: still a valid, plausible conversation. */
function fallbackBrief(prompt: string): GenerationBrief {
  const words = prompt.replace(/\s+/g, " ").trim().split(" ").slice(0, 4).join(" ");
  return {
    tier: "template",
    turnCount: 8,
    persona: {
      key: "sim_persona",
      name: "Sam Rivera",
      description: "A client looking for practical help.",
      traits: ["thoughtful"],
    },
    arc: {
      key: "sim_arc",
      name: "Uncertainty to Hope",
      startEmotion: "uncertain",
      endEmotion: "hopeful",
      description: "",
    },
    topic: { key: "sim_topic", name: words || "getting started", description: "" },
    parameters: {},
  };
}

function contentSeed(request: MessageRequest, stream = ""): Random {
  const { body } = request;
  return randomFromString(
    stream +
      canonicalJson({
        model: body.model,
        system: body.system,
        messages: body.messages,
        tools: body.tools,
        tool_choice: body.tool_choice,
        output_config: body.output_config,
      }),
  );
}

function conversationFor(
  request: MessageRequest,
  random: Random,
  flaws: FlawRates = {},
): { conversation: GeneratedConversation; flaw?: ComposedMessage["flaw"] } {
  const prompt = lastUserText(request);
  const brief = extractBrief(prompt) ?? fallbackBrief(prompt);
  const system = request.system.map((b) => b.text).join("\n");
  const consultantName = consultantNameFrom(system);
  // The flaw draw has its own stream, so with flaws off the content is what it always was.
  const written = writeSimulatedConversation(
    brief,
    random,
    consultantName ? { consultantName } : {},
    flaws,
    contentSeed(request, "flaw:"),
  );
  return written.flaw
    ? {
        conversation: written.conversation,
        flaw: { kind: written.flaw, transcriptKey: transcriptKey(written.conversation.turns) },
      }
    : { conversation: written.conversation };
}

function withoutCriteria(value: unknown): unknown {
  const { criteria: _dropped, ...rest } = value as Record<string, unknown>;
  return rest;
}

function corrupt(value: unknown, variant: MalformedVariant, random: Random): unknown {
  const conversation = structuredClone(value) as Record<string, unknown>;
  const turns = Array.isArray(conversation.turns)
    ? (conversation.turns as Record<string, unknown>[])
    : [];
  switch (variant) {
    case "missing_emotion": {
      const turn = turns[random.int(Math.max(1, turns.length))];
      if (turn) delete turn.emotion;
      else delete conversation.title;
      return conversation;
    }
    case "bad_role": {
      const turn = turns[random.int(Math.max(1, turns.length))];
      if (turn) turn.role = "client";
      else conversation.title = 42;
      return conversation;
    }
    default:
      conversation.turns = turns.slice(0, 1);
      return conversation;
  }
}

/** What of a too-long tool input fits in `maxTokens`: whole turns, then part of one, then stop. */
function truncateConversation(
  conversation: GeneratedConversation,
  maxTokens: number,
): Record<string, unknown> {
  let budget = maxTokens * 4 - 40;
  const partial: Record<string, unknown> = {};
  for (const key of ["title", "summary", "learningObjective"] as const) {
    const value = conversation[key];
    if (value === undefined) continue;
    if (value.length > budget) return partial;
    partial[key] = value;
    budget -= value.length + 20;
  }
  const turns: Record<string, unknown>[] = [];
  partial.turns = turns;
  for (const turn of conversation.turns) {
    const size = JSON.stringify(turn).length;
    if (size <= budget) {
      turns.push(turn);
      budget -= size;
      continue;
    }
    if (budget > 30) turns.push({ role: turn.role, content: turn.content.slice(0, budget - 30) });
    break;
  }
  return partial;
}

/** The tool the model answers with: the forced one, or record_conversation when asked for one. */
function toolToUse(request: MessageRequest): ToolDefinition | undefined {
  const choice = request.toolChoice?.type ?? "auto";
  if (choice === "none" || request.tools.length === 0) return undefined;
  if (choice === "tool") return request.tools.find((t) => t.name === request.toolChoice?.name);
  const recorder = request.tools.find((t) => t.name === RECORD_CONVERSATION_TOOL);
  if (choice === "any") return recorder ?? request.tools[0];
  return recorder && extractBrief(lastUserText(request)) ? recorder : undefined;
}

function usageBody(accounting: InputAccounting, outputTokens: number, serviceTier: string) {
  return {
    input_tokens: accounting.inputTokens,
    cache_creation_input_tokens: accounting.cacheCreationInputTokens,
    cache_read_input_tokens: accounting.cacheReadInputTokens,
    cache_creation: accounting.cacheCreation,
    output_tokens: outputTokens,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: serviceTier,
    inference_geo: null,
    speed: null,
  };
}

export function composeMessage(
  request: MessageRequest,
  accounting: InputAccounting,
  options: ComposeOptions,
): ComposedMessage {
  const random = contentSeed(request);
  const forced = toolToUse(request);

  let content: Record<string, unknown>[];
  let stopReason: string;
  let outputTokens: number;
  let flaw: ComposedMessage["flaw"];

  if (forced) {
    const isConversation = forced.name === RECORD_CONVERSATION_TOOL;
    const written = isConversation ? conversationFor(request, random, options.flaws) : undefined;
    flaw = written?.flaw;
    const conversation = written?.conversation;
    let input: unknown =
      conversation ??
      (forced.name === RECORD_JUDGEMENT_TOOL
        ? writeJudgement(forced.input_schema, lastUserText(request), random)
        : fakeFromJsonSchema(forced.input_schema, random));
    outputTokens = estimateTokens(JSON.stringify(input)) + 12;
    stopReason = "tool_use";
    if (outputTokens > request.maxTokens) {
      // Like the real model: it stops mid-answer and the tool input is incomplete.
      input = conversation ? truncateConversation(conversation, request.maxTokens) : {};
      outputTokens = request.maxTokens;
      stopReason = "max_tokens";
    } else if (options.malformed) {
      const variant = options.ids.pick(MALFORMED_VARIANTS);
      // A judgement has no turns to break: it comes back without its scores instead.
      input =
        forced.name === RECORD_JUDGEMENT_TOOL
          ? withoutCriteria(input)
          : corrupt(input, variant, options.ids);
    }
    content = [
      {
        type: "tool_use",
        id: randomId("toolu_01", options.ids, 22),
        name: forced.name,
        input,
        caller: { type: "direct" },
      },
    ];
  } else {
    let text: string;
    if (request.outputSchema) {
      const wantsConversation =
        typeof request.outputSchema.properties === "object" &&
        request.outputSchema.properties !== null &&
        "turns" in request.outputSchema.properties;
      const written = wantsConversation
        ? conversationFor(request, random, options.flaws)
        : undefined;
      flaw = written?.flaw;
      text = JSON.stringify(
        written?.conversation ?? fakeFromJsonSchema(request.outputSchema, random),
      );
    } else {
      text = simulatedPromptAnswer(lastUserText(request), random);
    }
    stopReason = "end_turn";
    if (options.malformed) {
      text = text.slice(0, Math.max(1, Math.floor(text.length * (0.3 + options.ids.next() * 0.5))));
    }
    outputTokens = estimateTokens(text) + 3;
    if (outputTokens > request.maxTokens) {
      text = text.slice(0, request.maxTokens * 4);
      outputTokens = request.maxTokens;
      stopReason = "max_tokens";
    }
    content = [{ type: "text", text, citations: null }];
  }

  return {
    outputTokens,
    ...(flaw ? { flaw } : {}),
    body: {
      id: randomId("msg_01", options.ids, 22),
      type: "message",
      role: "assistant",
      model: request.model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: usageBody(accounting, outputTokens, options.serviceTier),
    },
  };
}
