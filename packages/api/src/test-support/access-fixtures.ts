// Two workspaces for access and fuzz tests: A, with a member in every role and one row of every
// kind a procedure can name by id (each stamped with a marker, so a leak of A into another
// workspace's answer is visible), and B, whose owner plays the member of another workspace.
import { addMembership, createConversation, type MembershipRole } from "@parley/db";
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import type { UserRef, WorkspaceRef } from "../context.ts";
import type { ApiHarness } from "./api-harness.ts";
import { CANARIES } from "./secret-canaries.ts";

/** In the name or title of every row of A, so any answer carrying one of them is recognisable. */
export const WORKSPACE_A_MARKER = "ALPHAPRIVATE";

/** The rows of workspace A that procedures take by id (or token, or key). */
export interface AccessFixtures {
  workspaceId: string;
  batchId: string;
  conversationId: string;
  exportId: string;
  templateId: string;
  templateKey: string;
  personaId: string;
  arcId: string;
  topicId: string;
  edgeCaseId: string;
  chunkId: string;
  documentId: string;
  invitationId: string;
  invitationToken: string;
  draftId: string;
  presetId: string;
  /** A viewer kept only to be the subject of role changes and removals. */
  memberUserId: string;
}

export interface AccessWorld {
  workspaceA: WorkspaceRef;
  workspaceB: WorkspaceRef;
  /** A member of A in each role. */
  members: Record<MembershipRole, UserRef>;
  /** The owner of B, who belongs to nothing in A. */
  outsider: UserRef;
  a: AccessFixtures;
  b: AccessFixtures;
}

async function workspaceRows(
  harness: ApiHarness,
  owner: UserRef,
  workspace: WorkspaceRef,
  marker: string,
  memberUserId: string,
): Promise<AccessFixtures> {
  const api = await harness.callerFor(owner, workspace.id);
  const persona = await api.scaffolding.personas.create({ name: `${marker} persona` });
  const arc = await api.scaffolding.arcs.create({
    name: `${marker} arc`,
    startEmotion: "worry",
    endEmotion: "calm",
  });
  const topic = await api.scaffolding.topics.create({ name: `${marker} topic` });
  const edgeCase = await api.scaffolding.edgeCases.create({
    name: `${marker} edge case`,
    expectedBehavior: "Refer the client to a specialist.",
  });
  const chunk = await api.scaffolding.sourceChunks.create({
    title: `${marker} excerpt`,
    content: `${marker} pensions rise with inflation.`,
  });
  const document = await api.documents.create({
    fileName: `${marker.toLowerCase()}-guide.md`,
    contentBase64: Buffer.from(`# ${marker} guide\n\n${marker} budgets start with rent.`).toString(
      "base64",
    ),
  });
  const template = await api.scaffolding.templates.create({
    name: `${marker} template`,
    tier: "template",
    body: `A calm conversation about savings (${marker}).`,
  });
  const batch = await api.batch.create({ count: 2, seed: 7, name: `${marker} batch` });
  const conversation = await createConversation(harness.db, {
    workspaceId: workspace.id,
    tier: "template",
    title: `${marker} conversation`,
    turns: [
      { role: "user", content: `${marker}: I am worried about my savings.` },
      { role: "assistant", content: "Let us look at them together." },
    ],
  });
  const exported = await api.export.create({
    format: "messages",
    filters: {},
    options: {},
    name: `${marker} export`,
  });
  const invitation = await api.workspace.invite({
    email: `${marker.toLowerCase()}-invitee@example.test`,
    role: "viewer",
  });
  const draft = await api.generate.start({
    personaId: persona.id,
    arcId: arc.id,
    topicId: topic.id,
    intent: marker,
  });
  await api.settings.hubToken.set({ token: CANARIES.HF_TOKEN });
  const preset = await api.presets.save({ name: `${marker} preset`, settings: { count: 2 } });
  return {
    workspaceId: workspace.id,
    batchId: batch.id,
    conversationId: conversation.id,
    exportId: exported.id,
    templateId: template.id,
    templateKey: template.key,
    personaId: persona.id,
    arcId: arc.id,
    topicId: topic.id,
    edgeCaseId: edgeCase.id,
    chunkId: chunk.id,
    documentId: document.id,
    invitationId: invitation.id,
    invitationToken: invitation.token,
    draftId: draft.draftId,
    presetId: preset.id,
    memberUserId,
  };
}

/** Builds both workspaces through the real API (rows a test makes by hand only where none exists). */
export async function createAccessWorld(harness: ApiHarness): Promise<AccessWorld> {
  const user = (name: string) =>
    createTestUser(harness.db, { name, email: `${name.toLowerCase()}@example.test` });
  const owner = await user("Olive");
  const admin = await user("Adam");
  const reviewer = await user("Rita");
  const viewer = await user("Vera");
  const target = await user("Tess");
  const outsider = await user("Bruno");
  const outsiderTarget = await user("Bea");
  const workspaceA = await createTestWorkspace(harness.db, {
    name: `${WORKSPACE_A_MARKER} workspace`,
    seed: true,
    ownerUserId: owner.id,
  });
  const workspaceB = await createTestWorkspace(harness.db, {
    name: "Other workspace",
    seed: true,
    ownerUserId: outsider.id,
  });
  const joins: [string, UserRef, MembershipRole][] = [
    [workspaceA.id, admin, "admin"],
    [workspaceA.id, reviewer, "reviewer"],
    [workspaceA.id, viewer, "viewer"],
    [workspaceA.id, target, "viewer"],
    [workspaceB.id, outsiderTarget, "viewer"],
  ];
  for (const [workspaceId, member, role] of joins) {
    await addMembership(harness.db, { workspaceId, userId: member.id, role });
  }
  const a = await workspaceRows(harness, owner, workspaceA, WORKSPACE_A_MARKER, target.id);
  const b = await workspaceRows(harness, outsider, workspaceB, "BRAVOPRIVATE", outsiderTarget.id);
  return {
    workspaceA: { id: workspaceA.id, name: workspaceA.name },
    workspaceB: { id: workspaceB.id, name: workspaceB.name },
    members: { owner, admin, reviewer, viewer },
    outsider,
    a,
    b,
  };
}

/** Every identifier of A a leak could carry: its rows' ids, its invitation token, its marker. */
export function identifiersOf(fixtures: AccessFixtures, marker: string): string[] {
  const { templateKey: _key, ...rest } = fixtures;
  return [...Object.values(rest), marker];
}
