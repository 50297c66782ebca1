// Does each side stay in its role? Flags a client message that speaks as the consultant (names
// itself as the consultant, claims the adviser role), a consultant message that speaks as the
// client (names itself as the persona), and messages carrying speaker labels, which mean one
// message holds several speakers.
import type { QualityCheck, QualityContext, QualityConversation } from "../quality-types.ts";

const SELF_INTRODUCTION = String.raw`\b(?:i am|i['’]m|my name is|this is|call me)\s+`;
// Claiming the helper role from the client's side, for any kind of consultant.
const ADVISER_CLAIM =
  /\bas your (?:\p{L}+ )?(?:advisor|adviser|consultant|planner|coach|therapist|counsell?or|mentor)\b/iu;
const GENERIC_LABELS = ["user", "assistant", "client", "consultant", "human", "ai"];

/** "Marcus Chen - The Overwhelmed Avoider" → ["Marcus Chen", "Marcus"]. */
export function nameVariants(name: string | null | undefined): string[] {
  if (!name) return [];
  const core = name.split(/\s+[-–—(]\s*|,/u)[0]?.trim() ?? "";
  const first = core.split(/\s+/u)[0] ?? "";
  return [...new Set([core, first])].filter((variant) => variant.length >= 2);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function introducesAs(content: string, names: readonly string[]): boolean {
  if (names.length === 0) return false;
  const alternatives = names.map(escapeRegExp).join("|");
  // Not followed by 's: "this is Marcus's account" is not a self-introduction.
  return new RegExp(`${SELF_INTRODUCTION}(?:${alternatives})\\b(?!['’]s)`, "iu").test(content);
}

export function checkPersonaConsistency(
  conversation: QualityConversation,
  context: Pick<QualityContext, "persona" | "consultantName">,
): QualityCheck {
  const personaNames = nameVariants(context.persona?.name);
  const consultantNames = nameVariants(context.consultantName);
  const labels = [...GENERIC_LABELS, ...personaNames, ...consultantNames]
    .map(escapeRegExp)
    .join("|");
  const speakerLabel = new RegExp(`^\\s*(?:${labels})\\s*:`, "imu");

  const switches: string[] = [];
  conversation.turns.forEach((turn, index) => {
    const where = `message ${index + 1}`;
    if (speakerLabel.test(turn.content)) {
      switches.push(`${where} contains a speaker label, so it holds more than one speaker`);
    } else if (
      turn.role === "user" &&
      (introducesAs(turn.content, consultantNames) || ADVISER_CLAIM.test(turn.content))
    ) {
      switches.push(`${where} (user) speaks as the consultant`);
    } else if (turn.role === "assistant" && introducesAs(turn.content, personaNames)) {
      switches.push(`${where} (assistant) speaks as the client persona`);
    }
  });

  if (switches.length === 0) {
    return { passed: true, score: 1, detail: "Client and consultant each stay in their role" };
  }
  return {
    passed: false,
    score: Math.max(0, 1 - 0.5 * switches.length),
    detail: `${switches.length} role switch${switches.length === 1 ? "" : "es"}: ${switches.join("; ")}`,
  };
}
