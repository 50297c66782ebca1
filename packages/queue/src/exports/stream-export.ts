// One export of a workspace's conversations into a training format: rows come from a database
// cursor and are written as they arrive, so memory stays flat however many match. The web
// download, the CLI and the export job all go through here.
import type { Writable } from "node:stream";
import {
  type ConversationFilters,
  countConversationsForExport,
  type DB,
  type ExportConversationRow,
  findDefaultConsultantProfile,
  streamConversationsForExport,
} from "@parley/db";
import {
  type ConsultantProfile,
  consultantProfileSchema,
  type ExportConversation,
  type ExportFormatId,
  type ExportOptions,
  type ExportProgress,
  type ExportResult,
  exportToStream,
  systemPromptFromProfile,
} from "@parley/export";
import { readQualityDimensions } from "@parley/generation";
import type { Kysely } from "kysely";

export interface StreamExportOptions {
  workspaceId: string;
  format: ExportFormatId;
  filters?: ConversationFilters;
  /** Format options; the workspace's consultant profile and system prompt fill what is unset. */
  options?: ExportOptions;
  /** Progress with the total the filters match, so callers can draw a bar. */
  onProgress?: (progress: ExportProgress & { total: number }) => void;
  signal?: AbortSignal;
}

/** Stands in for scaffolding a conversation was generated without (e.g. a free-form single generation). */
const UNSPECIFIED = { key: "unspecified", name: "Unspecified" } as const;

/** A stored row in the shape the export formats read. */
export function toExportConversation(row: ExportConversationRow): ExportConversation {
  return {
    id: row.id,
    tier: row.tier,
    status: row.status,
    title: row.title,
    summary: row.summary,
    learningObjective: row.learningObjective,
    persona: row.persona ?? { ...UNSPECIFIED, description: "" },
    arc: row.arc ?? { ...UNSPECIFIED, startEmotion: "", endEmotion: "" },
    topic: row.topic ?? { ...UNSPECIFIED },
    edgeCase: row.edgeCase,
    sourceChunk: row.sourceChunk,
    // System turns are the prompt, not dialogue: the formats add the system prompt themselves.
    turns: row.turns.flatMap((turn) =>
      turn.role === "system"
        ? []
        : [
            {
              turnNumber: turn.turnNumber,
              role: turn.role,
              content: turn.content,
              // A turn written by hand (or before annotations existed) carries no emotion.
              emotion: {
                primary: turn.emotion?.primary ?? "unannotated",
                intensity: turn.emotion?.intensity ?? 0,
                secondary: turn.emotion?.secondary ?? [],
              },
              phase: turn.phase,
              techniques: turn.techniques,
            },
          ],
    ),
    qualityScore: row.qualityScore,
    qualityMetrics: row.qualityMetrics as ExportConversation["qualityMetrics"],
    qualityDimensions: readQualityDimensions(row.qualityDimensions),
    isHumanEdited: row.isHumanEdited,
    simulated: row.simulated,
    model: row.model,
    costUsd: row.costUsd,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    parentId: row.parentId,
    readableId: row.readableId,
    createdAt: row.createdAt,
    reviewerNotes: row.reviewerNotes,
    approved: row.status === "approved" ? true : row.status === "rejected" ? false : null,
  };
}

/** The workspace's default consultant profile as the export formats describe it, if it has one. */
export async function findExportConsultant(
  db: Kysely<DB>,
  workspaceId: string,
): Promise<{ profile: ConsultantProfile; systemPrompt: string } | undefined> {
  const stored = await findDefaultConsultantProfile(db, { workspaceId });
  if (!stored) return undefined;
  const profile = consultantProfileSchema.parse({
    name: stored.name,
    business: stored.business,
    expertise: stored.expertise,
    yearsExperience: stored.yearsExperience,
    corePhilosophy: stored.corePhilosophy,
    communicationStyle: stored.communicationStyle,
  });
  const systemPrompt = stored.systemPrompt.trim() || systemPromptFromProfile(profile);
  return { profile, systemPrompt };
}

/** The selected conversations in the shape the formats read, from a db cursor. */
export async function* exportConversations(
  db: Kysely<DB>,
  options: Pick<StreamExportOptions, "workspaceId" | "filters">,
): AsyncGenerator<ExportConversation> {
  for await (const row of streamConversationsForExport(db, {
    workspaceId: options.workspaceId,
    ...(options.filters ? { filters: options.filters } : {}),
  })) {
    yield toExportConversation(row);
  }
}

/** Streams the selected conversations through one format into `output` and ends it. */
export async function streamExport(
  db: Kysely<DB>,
  output: Writable,
  options: StreamExportOptions,
): Promise<ExportResult & { total: number }> {
  const [total, consultant] = await Promise.all([
    countConversationsForExport(db, {
      workspaceId: options.workspaceId,
      ...(options.filters ? { filters: options.filters } : {}),
    }),
    findExportConsultant(db, options.workspaceId),
  ]);
  const formatOptions: ExportOptions = {
    // training_pairs records name their dataset; a plain export is an unversioned snapshot.
    datasetName: "parley-export",
    datasetVersion: "1.0.0",
    ...(consultant
      ? { consultantProfile: consultant.profile, systemPrompt: consultant.systemPrompt }
      : {}),
    ...options.options,
  };
  const result = await exportToStream(exportConversations(db, options), options.format, output, {
    options: formatOptions,
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (progress) => options.onProgress?.({ ...progress, total }),
  });
  return { ...result, total };
}
