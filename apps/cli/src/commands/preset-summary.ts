// One line saying what a saved preset launches, for `parley presets list`.

const TIER_NAMES = { template: "template", scenario: "scenario", edge_case: "edge case" } as const;

export function describePreset(settings: Record<string, unknown>): string {
  const parts: string[] = [];
  const tierCounts = settings.tierCounts as Record<string, number> | undefined;
  if (tierCounts) {
    parts.push(
      Object.entries(TIER_NAMES)
        .map(([tier, name]) => `${tierCounts[tier] ?? 0} ${name}`)
        .join(" + "),
    );
  } else if (typeof settings.count === "number") {
    parts.push(`${settings.count} conversations`);
  }
  if (typeof settings.model === "string") parts.push(settings.model);
  if (settings.mode === "message_batches") parts.push("Message Batches");
  if (typeof settings.concurrency === "number")
    parts.push(`at most ${settings.concurrency} at once`);
  if (typeof settings.budgetUsd === "number") parts.push(`budget $${settings.budgetUsd}`);
  if (settings.llmJudge === true) parts.push("LLM judge");
  if (typeof settings.turnCount === "number") parts.push(`${settings.turnCount} turns`);
  const parameters = Object.keys((settings.parameters as Record<string, string>) ?? {});
  if (parameters.length) parts.push(`parameters ${parameters.join(", ")}`);
  return parts.join(", ");
}
