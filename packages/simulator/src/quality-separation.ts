// Measures whether the quality dimensions separate the conversations the simulator flawed from
// the sound ones: writes conversations through the simulator's writer (flaws drawn from their
// seeds), runs the worker's quality pipeline on each (checks, optionally the simulated judge on
// the transcript, uniqueness from a near-duplicate index) and compares the verdict with the
// flaw the writer reports. The ground truth comes from the simulator's side only; the detectors
// see the text. Used by the worker's separation test and bench/quality-separation.ts.
import {
  assessQuality,
  type BuildConversationRequestInput,
  buildConversationRequest,
  buildJudgeRequest,
  conversationFingerprint,
  DEFAULT_JUDGE_RUBRIC,
  decodeSignature,
  findBestMatch,
  judgeContextFromBrief,
  LshIndex,
  parseJudgeResult,
  qualityContextFromBrief,
  scoreQualityDimensions,
  type Tier,
} from "@parley/generation";
import { type FlawKind, type FlawRates, writeSimulatedConversation } from "./conversation-flaws.ts";
import { consultantNameFrom } from "./conversation-writer.ts";
import { writeJudgement } from "./judge-writer.ts";
import { randomFromString } from "./seeded-random.ts";

export interface SeparationScaffolding {
  consultant: BuildConversationRequestInput["consultant"];
  personas: ReadonlyArray<{
    key: string;
    name: string;
    description?: string | null;
    archetype?: string | null;
    background?: string | null;
    traits?: string[];
  }>;
  arcs: ReadonlyArray<{
    key: string;
    name: string;
    startEmotion: string;
    endEmotion: string;
    description?: string | null;
  }>;
  topics: ReadonlyArray<{ key: string; name: string; description?: string | null }>;
  edgeCases: ReadonlyArray<{ key: string; name: string; expectedBehavior: string }>;
}

export interface SeparationOptions {
  scaffolding: SeparationScaffolding;
  count: number;
  flaws: FlawRates;
  /** Run the simulated judge on each transcript (the batch's "LLM judge" setting). */
  judge?: boolean;
  /** The batch's review threshold (7 by default, as in the wizard). */
  threshold?: number;
  /** Seeds the briefs and the writer; the same seed gives the same run. */
  seed?: string;
  /** Share of edge-case conversations (the rest are template ones). */
  edgeCaseShare?: number;
}

export interface Confusion {
  /** Flawed and below the threshold. */
  caught: number;
  /** Flawed but not below it. */
  missed: number;
  /** Sound but below it. */
  falseAlarms: number;
  /** Sound and not below it. */
  passed: number;
}

export interface SeparationResult extends Confusion {
  count: number;
  flawed: number;
  below: number;
  /** caught / flawed. */
  recall: number;
  /** caught / below. */
  precision: number;
  perKind: Record<FlawKind, { count: number; caught: number; recall: number }>;
  /** Which dimensions put the caught ones under the threshold, counted per conversation. */
  underFloor: Record<string, number>;
  /** The misses and false alarms, for reading (kind, title, overall). */
  mistakes: Array<{ flaw: FlawKind | null; title: string; overall: number; below: boolean }>;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

export function measureQualitySeparation(options: SeparationOptions): SeparationResult {
  const { scaffolding } = options;
  const threshold = options.threshold ?? 7;
  const seed = options.seed ?? "separation";
  const edgeShare = options.edgeCaseShare ?? 0.3;
  const index = new LshIndex();
  const pick = <T>(items: readonly T[], random: ReturnType<typeof randomFromString>) =>
    random.pick(items);
  const confusion: Confusion = { caught: 0, missed: 0, falseAlarms: 0, passed: 0 };
  const perKind = {} as SeparationResult["perKind"];
  const underFloor: Record<string, number> = {};
  const mistakes: SeparationResult["mistakes"] = [];

  for (let i = 0; i < options.count; i++) {
    const draw = randomFromString(`${seed}:brief:${i}`);
    const tier: Tier =
      draw.next() < edgeShare && scaffolding.edgeCases.length > 0 ? "edge_case" : "template";
    const persona = pick(scaffolding.personas, draw);
    const arc = pick(scaffolding.arcs, draw);
    const request = buildConversationRequest({
      consultant: scaffolding.consultant,
      tier,
      persona: {
        key: persona.key,
        name: persona.name,
        description: [persona.archetype, persona.description, persona.background]
          .filter(Boolean)
          .join(" — "),
        traits: persona.traits ?? [],
      },
      arc: {
        key: arc.key,
        name: arc.name,
        startEmotion: arc.startEmotion,
        endEmotion: arc.endEmotion,
        description: arc.description ?? "",
      },
      topic: (({ key, name, description }) => ({ key, name, description: description ?? "" }))(
        pick(scaffolding.topics, draw),
      ),
      ...(tier === "edge_case" ? { edgeCase: pick(scaffolding.edgeCases, draw) } : {}),
    });
    const consultantName = consultantNameFrom(request.system);
    const { conversation, flaw } = writeSimulatedConversation(
      request.brief,
      randomFromString(`${seed}:content:${i}`),
      consultantName ? { consultantName } : {},
      options.flaws,
      randomFromString(`${seed}:flaw:${i}`),
    );

    // The worker's pipeline, as generate-item runs it.
    const context = qualityContextFromBrief(request.brief, scaffolding.consultant.name);
    const assessment = assessQuality(conversation, context, { threshold });
    let judge = null;
    if (options.judge) {
      const judgeRequest = buildJudgeRequest(
        conversation,
        DEFAULT_JUDGE_RUBRIC,
        judgeContextFromBrief(request.brief, scaffolding.consultant.name),
      );
      const answer = writeJudgement(
        judgeRequest.tool.inputSchema,
        judgeRequest.prompt,
        randomFromString(`${seed}:judge:${i}`),
      );
      judge = parseJudgeResult(answer, DEFAULT_JUDGE_RUBRIC).dimensions;
    }
    const fingerprint = conversationFingerprint(conversation);
    const signature = decodeSignature(fingerprint.signature);
    const nearest = findBestMatch(signature, index, 0)?.similarity ?? null;
    index.add(`c${i}`, signature);
    const dimensions = scoreQualityDimensions({
      conversation,
      context,
      assessment,
      threshold,
      judge,
      nearestSimilarity: nearest,
    });

    const below = dimensions.belowThreshold;
    if (flaw) {
      const entry = perKind[flaw] ?? { count: 0, caught: 0, recall: 0 };
      entry.count++;
      if (below) entry.caught++;
      perKind[flaw] = entry;
    }
    if (flaw && below) confusion.caught++;
    else if (flaw) confusion.missed++;
    else if (below) confusion.falseAlarms++;
    else confusion.passed++;
    if (below) {
      for (const name of [
        "relevance",
        "accuracy",
        "naturalness",
        "methodology",
        "coherence",
        "uniqueness",
      ] as const) {
        const value = dimensions[name];
        if (value.score !== null && value.notes.length > 0)
          underFloor[name] = (underFloor[name] ?? 0) + 1;
      }
    }
    if ((flaw !== null) !== below)
      mistakes.push({ flaw, title: conversation.title, overall: dimensions.overall, below });
  }
  for (const entry of Object.values(perKind)) entry.recall = ratio(entry.caught, entry.count);
  const flawed = confusion.caught + confusion.missed;
  const below = confusion.caught + confusion.falseAlarms;
  return {
    count: options.count,
    flawed,
    below,
    ...confusion,
    recall: ratio(confusion.caught, flawed),
    precision: ratio(confusion.caught, below),
    perKind,
    underFloor,
    mistakes,
  };
}
