// The documents router over a real Postgres: a file sent base64-encoded is previewed without
// storing, saved with the kept chunks, shown on a conversation that used one of its chunks, and
// then kept when someone tries to delete it; bad uploads are refused with the reason.
import { addMembership, createConversation } from "@parley/db";
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, openApiHarness } from "../test-support/api-harness.ts";

let harness: ApiHarness;

beforeAll(async () => {
  harness = await openApiHarness();
});

afterAll(async () => {
  await harness?.close();
});

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const guide = "# Budgets\n\nSpend less than you earn.\n\n## Tracking\n\nReview every Sunday.";

describe("documents", () => {
  it("previews, saves, shows a conversation's chunk and refuses to delete a used document", async () => {
    const owner = await createTestUser(harness.db, { email: "docs-owner@example.com" });
    const viewer = await createTestUser(harness.db, { email: "docs-viewer@example.com" });
    const workspace = await createTestWorkspace(harness.db, {
      name: "docs",
      ownerUserId: owner.id,
    });
    await addMembership(harness.db, {
      workspaceId: workspace.id,
      userId: viewer.id,
      role: "viewer",
    });
    const api = await harness.callerFor(owner, workspace.id);
    const reader = await harness.callerFor(viewer, workspace.id);

    const preview = await api.documents.preview({
      fileName: "budgets.md",
      contentBase64: base64(guide),
      chunking: { maxTokens: 100, overlapTokens: 10 },
    });
    expect(preview.chunks.map((chunk) => chunk.headingPath)).toEqual([
      ["Budgets"],
      ["Budgets", "Tracking"],
    ]);
    expect(await reader.documents.list()).toEqual([]);

    const saved = await api.documents.create({
      fileName: "budgets.md",
      contentBase64: base64(guide),
      chunks: [{ text: "Review every Sunday, together.", headingPath: ["Budgets", "Tracking"] }],
    });
    expect(saved).toMatchObject({ title: "Budgets", chunkCount: 1 });
    const [listed] = await reader.documents.list();
    expect(listed).toMatchObject({ id: saved.id, chunkCount: 1, conversationCount: 0 });
    const opened = await reader.documents.chunks({ documentId: saved.id });
    const chunk = opened.chunks[0];
    expect(chunk?.content).toBe("Review every Sunday, together.");

    const conversation = await createConversation(harness.db, {
      workspaceId: workspace.id,
      tier: "scenario",
      title: "Sunday budget",
      sourceChunkId: chunk?.id ?? null,
      turns: [
        { role: "user", content: "How often should I check?" },
        { role: "assistant", content: "Weekly works well." },
      ],
    });
    expect(
      await reader.documents.conversationSource({ conversationId: conversation.id }),
    ).toMatchObject({
      documentId: saved.id,
      documentTitle: "Budgets",
      headingPath: ["Budgets", "Tracking"],
      content: "Review every Sunday, together.",
    });

    await expect(api.documents.delete({ documentId: saved.id })).rejects.toThrow(
      /gave context to 1 conversation.*retire its chunks instead/,
    );
    expect(await reader.documents.list()).toHaveLength(1);
    await expect(reader.documents.delete({ documentId: saved.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("refuses bad uploads with the reason and stores nothing", async () => {
    const owner = await createTestUser(harness.db, { email: "docs-bad@example.com" });
    const workspace = await createTestWorkspace(harness.db, {
      name: "docs-bad",
      ownerUserId: owner.id,
    });
    const api = await harness.callerFor(owner, workspace.id);
    await expect(api.documents.create({ fileName: "empty.md", contentBase64: "" })).rejects.toThrow(
      /is empty/,
    );
    await expect(
      api.documents.create({ fileName: "x.pdf", contentBase64: base64("%PDF-1.4 junk") }),
    ).rejects.toThrow(/could not be read/);
    await expect(
      api.documents.create({ fileName: "guide.md", contentBase64: "not base64!" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      api.documents.preview({
        fileName: "guide.md",
        contentBase64: base64(guide),
        chunking: { maxTokens: 100, overlapTokens: 80 },
      }),
    ).rejects.toThrow(/at most half/);
    expect(await api.documents.list()).toEqual([]);
  });
});
