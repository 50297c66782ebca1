// `parley batch estimate` as text: cost per tier and for the judge, real time against Message
// Batches, what prompt caching saves, and the time; "unknown" (never $0) for an unpriced model.
import type { BatchEstimate, ModelChoice, ModelPrice } from "@parley/generation";

function money(value: number, known: boolean): string {
  if (!known) return "unknown";
  return value < 0.01 && value > 0 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

/** Caching can cost more than it saves on a small batch: cache writes are priced above plain input. */
function cachingEffect(savingsUsd: number, known: boolean): string {
  if (!known) return "saves an unknown amount";
  if (savingsUsd < 0) {
    return `adds ${money(-savingsUsd, known)} (the cache writes cost more than this batch reads back)`;
  }
  return `saves ${money(savingsUsd, known)}`;
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function priceLine(price: ModelPrice | null, source: string): string {
  if (!price) return "no known price (confirmed: cost unknown)";
  return `$${price.inputPerMTok} in / $${price.outputPerMTok} out / $${price.cacheWritePerMTok} cache write / $${price.cacheReadPerMTok} cache read per million tokens, Message Batches ×${price.batchMultiplier} (${source})`;
}

export function renderEstimateTable(
  estimate: BatchEstimate,
  model: ModelChoice,
  priceSource: string,
): string {
  const known = estimate.costKnown;
  const rows: string[][] = [["", "conversations", "input tokens", "output tokens", "cost"]];
  for (const tier of estimate.tiers) {
    if (tier.count === 0) continue;
    rows.push([
      tier.tier,
      String(tier.count),
      String(tier.inputTokens),
      String(tier.outputTokens),
      money(tier.costUsd, known),
    ]);
  }
  if (estimate.judge) {
    rows.push([
      "LLM judge",
      String(estimate.judge.count),
      String(estimate.judge.inputTokens),
      String(estimate.judge.outputTokens),
      money(estimate.judge.costUsd, known),
    ]);
  }
  rows.push([
    "total",
    String(estimate.total.count),
    String(estimate.total.inputTokens),
    String(estimate.total.outputTokens),
    money(estimate.total.costUsd, known),
  ]);
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const table = rows.map((row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  "),
  );
  const { realtime, messageBatches } = estimate.comparison;
  return [
    `Model: ${model.displayName} (${model.model})`,
    `Price: ${priceLine(model.price, priceSource)}`,
    "",
    ...table,
    "",
    `Up to ${money(estimate.total.upperBoundCostUsd, known)} if every answer used its full max_tokens.`,
    `Real time:       ${money(realtime.costUsd, known)}, about ${duration(realtime.seconds)} (limited by ${realtime.binding})`,
    `Message Batches: ${money(messageBatches.costUsd, known)}, about ${duration(messageBatches.seconds)} (up to ${duration(messageBatches.upperBoundSeconds)})`,
    `Prompt caching ${estimate.promptCachingEffective ? "on" : "off"}: ${cachingEffect(estimate.savings.promptCachingUsd, known)} in ${estimate.mode === "message_batches" ? "Message Batches" : "real time"} mode.`,
    `Chosen mode (${estimate.mode === "message_batches" ? "Message Batches" : "real time"}): ${money(estimate.total.costUsd, known)}, about ${duration(estimate.time.seconds)}.`,
    ...estimate.warnings.map((warning) => `Warning: ${warning}`),
    "Nothing was created.",
  ].join("\n");
}
