// Who may call each procedure (ARCHITECTURE.md, "Accounts, workspaces and roles"; the web's
// $lib/roles.ts mirrors it) and a valid input for it that names rows of one workspace by id,
// wherever the procedure takes an id. The access matrix and the fuzz tests call every procedure
// the router has from this table; a procedure missing from it fails them.
import type { MembershipRole } from "@parley/db";
import { CHECKLIST_ITEM_IDS } from "@parley/generation";
import type { AccessFixtures } from "./access-fixtures.ts";

/** Any signed-in user (workspace or not), or members holding at least this role. */
export type Allowed = "signed-in" | MembershipRole;

export interface AccessRule {
  allow: Allowed;
  /** A valid input naming the rows of `fx`'s workspace in every parameter that takes an id. */
  input: (fx: AccessFixtures) => unknown;
  /** Why someone outside the workspace may learn something of it through this procedure. */
  sharedBy?: string;
}

const none = () => undefined;
const batch = (fx: AccessFixtures) => ({ batchId: fx.batchId });
const conversation = (fx: AccessFixtures) => ({ conversationId: fx.conversationId });
const filters = (fx: AccessFixtures) => ({
  batchId: fx.batchId,
  personaIds: [fx.personaId],
  arcIds: [fx.arcId],
  topicIds: [fx.topicId],
});
const batchInput = (fx: AccessFixtures) => ({
  count: 1,
  seed: 3,
  name: "Matrix batch",
  templates: { template: fx.templateId },
});
/** One row of each tier, naming A's rows; the settings pin A's template too. */
const planFile = (fx: AccessFixtures) => {
  const refs = { personaId: fx.personaId, arcId: fx.arcId, topicId: fx.topicId };
  return {
    version: 1,
    rows: [
      { tier: "template", ...refs },
      { tier: "scenario", ...refs, sourceChunkId: fx.chunkId },
      { tier: "edge_case", ...refs, edgeCaseId: fx.edgeCaseId },
    ],
    settings: { name: "Matrix plan", templates: { template: fx.templateId } },
  };
};
const promptsInput = {
  source: { format: "jsonl", content: '{"prompt": "Matrix prompt", "id": "m1"}' },
  system: "Be brief.",
  maxTokens: 64,
};
const single = (fx: AccessFixtures) => ({
  personaId: fx.personaId,
  arcId: fx.arcId,
  topicId: fx.topicId,
  templateId: fx.templateId,
  edgeCaseId: fx.edgeCaseId,
  sourceChunkId: fx.chunkId,
});

/** A small Markdown file; each create is its own (the same bytes twice would be refused). */
const markdownUpload = () => ({
  fileName: "matrix.md",
  contentBase64: Buffer.from(`# Matrix\n\nContext ${Math.random()}.`).toString("base64"),
});

/** list/create/update/retire/restore of one scaffolding kind; `fields` is a valid create body. */
function scaffoldingKind(
  kind: string,
  fields: (fx: AccessFixtures) => Record<string, unknown>,
  idOf: (fx: AccessFixtures) => string,
): Record<string, AccessRule> {
  return {
    [`scaffolding.${kind}.list`]: { allow: "viewer", input: () => ({ includeRetired: true }) },
    [`scaffolding.${kind}.create`]: { allow: "admin", input: fields },
    [`scaffolding.${kind}.update`]: {
      allow: "admin",
      input: (fx) => ({ ...fields(fx), id: idOf(fx) }),
    },
    [`scaffolding.${kind}.retire`]: { allow: "admin", input: (fx) => ({ id: idOf(fx) }) },
    [`scaffolding.${kind}.restore`]: { allow: "admin", input: (fx) => ({ id: idOf(fx) }) },
  };
}

export const ACCESS_TABLE: Record<string, AccessRule> = {
  "archive.list": { allow: "viewer", input: () => ({ search: "ALPHA" }) },
  "archive.archive": {
    allow: "reviewer",
    input: (fx) => ({ conversationIds: [fx.conversationId] }),
  },
  "archive.archiveMatching": { allow: "reviewer", input: (fx) => ({ filters: filters(fx) }) },
  // After archive.archive in this table's order, so the fixture conversation comes back.
  "archive.restore": {
    allow: "reviewer",
    input: (fx) => ({ conversationIds: [fx.conversationId] }),
  },

  "presets.list": { allow: "viewer", input: () => ({}) },
  "presets.save": {
    allow: "admin",
    input: () => ({ name: `Matrix preset ${crypto.randomUUID()}`, settings: { count: 3 } }),
  },
  "presets.update": {
    allow: "admin",
    input: (fx) => ({ presetId: fx.presetId, settings: { count: 4, llmJudge: true } }),
  },
  "presets.load": { allow: "viewer", input: (fx) => ({ presetId: fx.presetId }) },
  "presets.delete": { allow: "admin", input: (fx) => ({ presetId: fx.presetId }) },

  "notifications.onEvent": { allow: "viewer", input: () => ({}) },

  "batch.preview": { allow: "viewer", input: batchInput },
  "batch.create": { allow: "admin", input: batchInput },
  "batch.plan": { allow: "viewer", input: batchInput },
  "batch.previewPlan": { allow: "viewer", input: planFile },
  "batch.createFromPlan": { allow: "admin", input: planFile },
  "batch.list": { allow: "viewer", input: () => ({ limit: 100 }) },
  "batch.progress": { allow: "viewer", input: batch },
  "batch.onProgress": { allow: "viewer", input: batch },
  "batch.settings": { allow: "viewer", input: batch },
  "batch.items": { allow: "viewer", input: batch },
  "batch.pause": { allow: "admin", input: batch },
  "batch.resume": { allow: "admin", input: batch },
  "batch.cancel": { allow: "admin", input: batch },
  "batch.retryFailed": { allow: "admin", input: batch },
  "batch.update": { allow: "admin", input: (fx) => ({ ...batch(fx), concurrency: 4 }) },

  "prompts.preview": { allow: "viewer", input: () => promptsInput },
  "prompts.create": { allow: "admin", input: () => promptsInput },
  "prompts.results": { allow: "viewer", input: batch },

  "models.list": { allow: "viewer", input: none },
  "models.setWorkspacePrices": {
    allow: "admin",
    input: () => ({ prices: { "claude-matrix-1": { inputPerMTok: 2, outputPerMTok: 10 } } }),
  },

  "conversation.list": { allow: "viewer", input: (fx) => ({ filters: filters(fx) }) },
  "conversation.filterOptions": { allow: "viewer", input: () => ({}) },
  "conversation.get": { allow: "viewer", input: conversation },
  "conversation.editTurn": {
    allow: "reviewer",
    input: (fx) => ({ ...conversation(fx), turnNumber: 1, content: "Edited by the matrix." }),
  },
  "conversation.regenerate": {
    allow: "reviewer",
    input: (fx) => ({
      ...conversation(fx),
      personaId: fx.personaId,
      arcId: fx.arcId,
      topicId: fx.topicId,
      note: "Warmer, please.",
    }),
  },
  "conversation.regeneration": { allow: "viewer", input: conversation },
  "conversation.resolve": { allow: "viewer", input: () => ({ readableId: "fp_conversation_001" }) },

  "dashboard.spend": { allow: "viewer", input: () => ({ days: 30 }) },
  "dashboard.quality": { allow: "viewer", input: none },
  "dashboard.backlog": { allow: "viewer", input: none },
  "dashboard.coverageGaps": { allow: "viewer", input: () => ({ minApproved: 3, limit: 200 }) },

  "documents.preview": { allow: "admin", input: () => markdownUpload },
  "documents.create": { allow: "admin", input: () => markdownUpload },
  "documents.list": { allow: "viewer", input: none },
  "documents.chunks": { allow: "viewer", input: (fx) => ({ documentId: fx.documentId }) },
  "documents.conversationSource": { allow: "viewer", input: conversation },
  "documents.delete": { allow: "admin", input: (fx) => ({ documentId: fx.documentId }) },

  "export.create": {
    allow: "admin",
    input: (fx) => ({ format: "messages", filters: filters(fx), options: {} }),
  },
  "export.list": { allow: "viewer", input: () => ({ limit: 100 }) },
  "export.get": { allow: "viewer", input: (fx) => ({ exportId: fx.exportId }) },

  "generate.preview": {
    allow: "viewer",
    input: (fx) => ({
      templateId: fx.templateId,
      personaId: fx.personaId,
      arcId: fx.arcId,
      topicId: fx.topicId,
    }),
  },
  "generate.start": { allow: "reviewer", input: single },
  "generate.draft": { allow: "viewer", input: (fx) => ({ draftId: fx.draftId }) },
  "generate.onDraft": { allow: "viewer", input: (fx) => ({ draftId: fx.draftId }) },
  "generate.save": { allow: "reviewer", input: (fx) => ({ draftId: fx.draftId }) },

  "review.queue": { allow: "viewer", input: (fx) => ({ filters: filters(fx) }) },
  "review.count": { allow: "viewer", input: () => ({}) },
  "review.decide": {
    allow: "reviewer",
    input: (fx) => ({ ...conversation(fx), action: "comment", notes: "Seen by the matrix." }),
  },
  "review.bulk": {
    allow: "reviewer",
    input: (fx) => ({ action: "approve", target: { kind: "ids", ids: [fx.conversationId] } }),
  },

  "reviewSample.draw": { allow: "reviewer", input: (fx) => ({ ...batch(fx), rate: 0.1 }) },
  "reviewSample.latest": { allow: "viewer", input: batch },
  "reviewSample.history": { allow: "viewer", input: batch },
  "reviewSample.record": {
    allow: "reviewer",
    input: (fx) => ({
      ...batch(fx),
      ...conversation(fx),
      checklist: Object.fromEntries(CHECKLIST_ITEM_IDS.map((id) => [id, { passed: true }])),
      verdict: "approved",
    }),
  },

  ...scaffoldingKind(
    "personas",
    () => ({ name: "Matrix persona" }),
    (fx) => fx.personaId,
  ),
  ...scaffoldingKind(
    "arcs",
    () => ({ name: "Matrix arc", startEmotion: "fear", endEmotion: "hope" }),
    (fx) => fx.arcId,
  ),
  ...scaffoldingKind(
    "topics",
    () => ({ name: "Matrix topic" }),
    (fx) => fx.topicId,
  ),
  ...scaffoldingKind(
    "edgeCases",
    (fx) => ({
      name: "Matrix edge case",
      expectedBehavior: "Stay calm.",
      personaId: fx.personaId,
      arcId: fx.arcId,
      topicId: fx.topicId,
    }),
    (fx) => fx.edgeCaseId,
  ),
  ...scaffoldingKind(
    "sourceChunks",
    (fx) => ({ title: "Matrix excerpt", content: "Rates change.", topicId: fx.topicId }),
    (fx) => fx.chunkId,
  ),
  "scaffolding.templates.list": { allow: "viewer", input: () => ({ includeRetired: true }) },
  "scaffolding.templates.versions": { allow: "viewer", input: (fx) => ({ key: fx.templateKey }) },
  "scaffolding.templates.create": {
    allow: "admin",
    input: () => ({ name: "Matrix template", tier: "scenario", body: "A short scenario." }),
  },
  "scaffolding.templates.saveVersion": {
    allow: "admin",
    input: (fx) => ({
      key: fx.templateKey,
      name: "Matrix template",
      tier: "template",
      body: "A new version.",
    }),
  },
  "scaffolding.templates.activate": { allow: "admin", input: (fx) => ({ id: fx.templateId }) },
  "scaffolding.templates.retire": { allow: "admin", input: (fx) => ({ id: fx.templateId }) },
  "scaffolding.templates.restore": { allow: "admin", input: (fx) => ({ id: fx.templateId }) },

  "settings.hubToken.status": { allow: "viewer", input: none },
  "settings.hubToken.set": { allow: "admin", input: () => ({ token: "hf_matrixToken12345678" }) },
  "settings.hubToken.clear": { allow: "admin", input: none },
  "settings.hubEndpoint.get": { allow: "viewer", input: none },
  "settings.hubEndpoint.set": { allow: "admin", input: () => ({ endpoint: null }) },

  "workspace.mine": { allow: "signed-in", input: none },
  "workspace.members": { allow: "viewer", input: none },
  "workspace.invite": {
    allow: "admin",
    input: () => ({ email: "matrix-invitee@example.test", role: "reviewer" }),
  },
  "workspace.revokeInvitation": {
    allow: "admin",
    input: (fx) => ({ invitationId: fx.invitationId }),
  },
  "workspace.changeRole": {
    allow: "admin",
    input: (fx) => ({ userId: fx.memberUserId, role: "reviewer" }),
  },
  "workspace.removeMember": { allow: "admin", input: (fx) => ({ userId: fx.memberUserId }) },
  "workspace.invitation": {
    allow: "signed-in",
    input: (fx) => ({ token: fx.invitationToken }),
    sharedBy: "an invitation link shows its workspace's name to whoever holds the token",
  },
  "workspace.acceptInvitation": {
    allow: "signed-in",
    input: (fx) => ({ token: fx.invitationToken }),
    sharedBy: "an invitation link names its workspace and address to whoever holds the token",
  },
};
