// The simulated prompt cache: prefixes ending at a cache_control breakpoint are stored for 5
// minutes (or 1 hour) and each hit refreshes them, as on the real API. Entries are keyed by a
// hash chain over model, tools, system and messages, in the order the API reads them.
import { createHash } from "node:crypto";
import { estimateTokens } from "@parley/generation";
import { canonicalJson } from "./seeded-random.ts";
import type { CacheControl, MessageRequest } from "./validate-message-request.ts";

const TTL_MS = { "5m": 5 * 60_000, "1h": 60 * 60_000 } as const;

/** The real API's smallest cacheable prefix per model family. */
export function defaultMinCacheableTokens(model: string): number {
  return /opus-4-5|haiku-4-5/.test(model) ? 4_096 : 1_024;
}

/** The hidden system prompt the API adds when tools are present (Claude 4 models). */
export function toolUseOverheadTokens(request: MessageRequest): number {
  if (request.tools.length === 0) return 0;
  const forced = request.toolChoice?.type === "any" || request.toolChoice?.type === "tool";
  return forced ? 346 : 313;
}

interface Segment {
  tokens: number;
  key: string;
  breakpoint: CacheControl | undefined;
}

/** How a request's input tokens split between plain input, cache writes and cache reads. */
export interface InputAccounting {
  totalTokens: number;
  inputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  cacheCreation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  /** Entries to store (or refresh) once the response is actually delivered. */
  pending: Array<{ key: string; ttlMs: number }>;
}

function segmentsOf(request: MessageRequest): Segment[] {
  const segments: Segment[] = [];
  let chain = createHash("sha256").update(request.model).digest("hex");
  const push = (material: unknown, tokens: number, breakpoint: CacheControl | undefined) => {
    chain = createHash("sha256").update(chain).update(canonicalJson(material)).digest("hex");
    segments.push({ tokens, key: chain, breakpoint });
  };
  const overhead = 3 + toolUseOverheadTokens(request);
  request.tools.forEach((tool, i) => {
    const { cache_control, ...definition } = tool;
    push(
      definition,
      estimateTokens(canonicalJson(definition)) + (i === 0 ? overhead : 0),
      cache_control,
    );
  });
  request.system.forEach((block, i) => {
    const first = request.tools.length === 0 && i === 0;
    push(block.text, estimateTokens(block.text) + (first ? overhead : 0), block.cache_control);
  });
  request.messages.forEach((message, m) => {
    const isLast = m === request.messages.length - 1;
    message.content.forEach((block, b) => {
      const { cache_control, ...content } = block;
      const text = typeof content.text === "string" ? content.text : canonicalJson(content);
      const first = segments.length === 0;
      const tokens = estimateTokens(text) + (b === 0 ? 4 : 0) + (first ? overhead : 0);
      const lastBlock = isLast && b === message.content.length - 1;
      push(
        { role: message.role, content },
        tokens,
        cache_control ?? (lastBlock ? request.cacheControl : undefined),
      );
    });
  });
  return segments;
}

export class PromptCache {
  private readonly entries = new Map<string, number>();

  /** Decides what this request reads and writes; nothing changes until `commit`. */
  plan(request: MessageRequest, now: number, minCacheableTokens?: number): InputAccounting {
    const segments = segmentsOf(request);
    const minimum = minCacheableTokens ?? defaultMinCacheableTokens(request.model);
    const cumulative: number[] = [];
    let total = 0;
    for (const segment of segments) {
      total += segment.tokens;
      cumulative.push(total);
    }
    const breakpoints = segments
      .map((segment, index) => ({ segment, index, upTo: cumulative[index] ?? 0 }))
      .filter((b) => b.segment.breakpoint && b.upTo >= minimum);

    let hit: (typeof breakpoints)[number] | undefined;
    for (const b of breakpoints) {
      const expiresAt = this.entries.get(b.segment.key);
      if (expiresAt !== undefined && expiresAt > now) hit = b;
    }
    const read = hit ? hit.upTo : 0;
    const last = breakpoints.at(-1);
    const write = last && (!hit || last.index > hit.index) ? last.upTo - read : 0;
    const pending = breakpoints
      .filter((b) => !hit || b.index >= hit.index)
      .map((b) => ({ key: b.segment.key, ttlMs: TTL_MS[b.segment.breakpoint?.ttl ?? "5m"] }));
    const longTtl = last?.segment.breakpoint?.ttl === "1h";
    return {
      totalTokens: total,
      inputTokens: total - read - write,
      cacheCreationInputTokens: write,
      cacheReadInputTokens: read,
      cacheCreation: {
        ephemeral_5m_input_tokens: longTtl ? 0 : write,
        ephemeral_1h_input_tokens: longTtl ? write : 0,
      },
      pending,
    };
  }

  commit(accounting: InputAccounting, now: number): void {
    for (const { key, ttlMs } of accounting.pending) {
      this.entries.set(key, Math.max(this.entries.get(key) ?? 0, now + ttlMs));
    }
  }

  /** Total input tokens, as count_tokens reports them. */
  countTokens(request: MessageRequest): number {
    return segmentsOf(request).reduce((sum, s) => sum + s.tokens, 0);
  }
}
