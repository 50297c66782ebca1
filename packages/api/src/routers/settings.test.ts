// The settings router over a real Postgres: the HuggingFace token is write-only (no procedure ever
// answers with it), only owners and admins change it, and an export asks for a Hub push only when
// it is a package and the workspace has a token. A token is saved for the workspace's Hub at that
// moment: changing the address afterwards is reported until the token is saved again.
import { randomBytes } from "node:crypto";
import { addMembership, createSecretCipher, findWorkspace } from "@parley/db";
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, openApiHarness } from "../test-support/api-harness.ts";

const TOKEN = `hf_${"Se4retValue".repeat(3)}abcd`;
const secrets = createSecretCipher({ current: randomBytes(32), source: "the test key" });
const NOT_SET = { set: false, lastFour: null, savedFor: null, mismatch: null, updatedAt: null };

let harness: ApiHarness;

/** An owner's and a viewer's API in a new workspace. */
async function newWorkspace(name: string) {
  const owner = await createTestUser(harness.db, { email: `${name}-owner@example.com` });
  const viewer = await createTestUser(harness.db, { email: `${name}-viewer@example.com` });
  const workspace = await createTestWorkspace(harness.db, { name, ownerUserId: owner.id });
  await addMembership(harness.db, {
    workspaceId: workspace.id,
    userId: viewer.id,
    role: "viewer",
  });
  return {
    workspace,
    owner: await harness.callerFor(owner, workspace.id),
    viewer: await harness.callerFor(viewer, workspace.id),
  };
}

const packageExport = {
  format: "messages" as const,
  filters: { statuses: ["approved" as const] },
  options: { package: "zip" as const },
};

beforeAll(async () => {
  // The web server always seals secrets; the token tests read the sealed row back.
  harness = await openApiHarness({ secrets });
});

afterAll(async () => {
  await harness?.close();
});

describe("settings.hubToken", () => {
  it("stores the token but only ever answers whether one is set, its last four characters and when", async () => {
    const { workspace, owner, viewer } = await newWorkspace("secrets");
    expect(await owner.settings.hubToken.status()).toEqual(NOT_SET);

    const before = Date.now();
    const saved = await owner.settings.hubToken.set({ token: ` ${TOKEN} ` });
    expect(saved).toEqual({
      set: true,
      lastFour: "abcd",
      savedFor: "https://huggingface.co",
      mismatch: null,
      updatedAt: expect.any(Date),
    });
    expect(saved.updatedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const seenByOwner = await owner.settings.hubToken.status();
    const seenByViewer = await viewer.settings.hubToken.status();
    expect(seenByOwner).toEqual(saved);
    expect(seenByViewer).toEqual(saved);
    for (const answer of [saved, seenByOwner, seenByViewer]) {
      expect(JSON.stringify(answer)).not.toContain(TOKEN);
      expect(JSON.stringify(answer)).not.toContain(TOKEN.slice(0, 12));
    }
    // Nor does the workspace, whose settings go to the browser.
    const row = await findWorkspace(harness.db, { workspaceId: workspace.id });
    expect(JSON.stringify(row)).not.toContain(TOKEN);

    // A replacement shows the new ending; clearing forgets it.
    const replaced = await owner.settings.hubToken.set({ token: `hf_${"another".repeat(4)}wxyz` });
    expect(replaced.lastFour).toBe("wxyz");
    expect(await owner.settings.hubToken.clear()).toEqual(NOT_SET);
    expect((await viewer.settings.hubToken.status()).set).toBe(false);
  });

  it("refuses anything that is not a HuggingFace token, and viewers cannot set or clear one", async () => {
    const { owner, viewer } = await newWorkspace("roles");
    await expect(
      owner.settings.hubToken.set({ token: "sk-not-a-hub-token" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(viewer.settings.hubToken.set({ token: TOKEN })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await owner.settings.hubToken.set({ token: TOKEN });
    await expect(viewer.settings.hubToken.clear()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await owner.settings.hubToken.status()).set).toBe(true);
  });

  it("keeps one workspace's token to itself", async () => {
    const mine = await newWorkspace("mine");
    const theirs = await newWorkspace("theirs");
    await mine.owner.settings.hubToken.set({ token: TOKEN });
    expect((await theirs.owner.settings.hubToken.status()).set).toBe(false);
    await theirs.owner.settings.hubToken.clear();
    expect((await mine.owner.settings.hubToken.status()).set).toBe(true);
  });
});

describe("settings.hubEndpoint", () => {
  it("defaults to huggingface.co and can point at a self-hosted Hub and back", async () => {
    const { owner, viewer } = await newWorkspace("endpoint");
    expect(await viewer.settings.hubEndpoint.get()).toEqual({
      endpoint: "https://huggingface.co",
      isDefault: true,
    });
    expect(await owner.settings.hubEndpoint.set({ endpoint: "http://hub.internal:8080/" })).toEqual(
      { endpoint: "http://hub.internal:8080", isDefault: false },
    );
    expect((await viewer.settings.hubEndpoint.get()).endpoint).toBe("http://hub.internal:8080");
    await expect(owner.settings.hubEndpoint.set({ endpoint: "ftp://hub" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(viewer.settings.hubEndpoint.set({ endpoint: null })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await owner.settings.hubEndpoint.set({ endpoint: null })).toEqual({
      endpoint: "https://huggingface.co",
      isDefault: true,
    });
  });
});

describe("a token and the Hub it was saved for", () => {
  it("is saved for the workspace's Hub; changing the address says to save it again, and saving it again binds it to the new one", async () => {
    const { owner, viewer } = await newWorkspace("bound");
    await owner.settings.hubEndpoint.set({ endpoint: "https://hub-a.example/" });
    expect(await owner.settings.hubToken.set({ token: TOKEN })).toMatchObject({
      savedFor: "https://hub-a.example",
      mismatch: null,
    });

    await owner.settings.hubEndpoint.set({ endpoint: "https://hub-b.example" });
    const changed = await viewer.settings.hubToken.status();
    expect(changed).toMatchObject({
      set: true,
      lastFour: "abcd",
      savedFor: "https://hub-a.example",
    });
    expect(changed.mismatch).toBe(
      "The saved HuggingFace token was saved for https://hub-a.example; save it again for https://hub-b.example in Settings → Integrations (a token is only sent to the Hub it was saved for).",
    );
    // An export asking for a push is refused at once, with the same reason, and nothing is queued.
    const push = {
      format: "messages" as const,
      filters: {},
      options: { package: "zip" as const },
      pushToHub: { repo: "acme/advice", private: true },
    };
    await expect(owner.export.create(push)).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: changed.mismatch,
    });
    expect(await owner.export.list()).toHaveLength(0);
    // Back to the Hub it was saved for: fine again, without saving.
    await owner.settings.hubEndpoint.set({ endpoint: "https://hub-a.example" });
    expect((await owner.settings.hubToken.status()).mismatch).toBeNull();
    expect((await owner.export.create(push)).status).toBe("queued");

    await owner.settings.hubEndpoint.set({ endpoint: null });
    expect((await owner.settings.hubToken.status()).mismatch).toMatch(
      /saved for https:\/\/hub-a\.example; save it again for https:\/\/huggingface\.co/,
    );
    expect(await owner.settings.hubToken.set({ token: TOKEN })).toMatchObject({
      savedFor: "https://huggingface.co",
      mismatch: null,
    });
  });

  it("is stored sealed: the row holds neither the token nor any long piece of it", async () => {
    const { workspace, owner } = await newWorkspace("sealed-row");
    await owner.settings.hubToken.set({ token: TOKEN });
    const row = await harness.db
      .selectFrom("workspace_secrets")
      .selectAll()
      .where("workspaceId", "=", workspace.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(TOKEN.slice(3, 15));
    expect(row.ciphertext?.startsWith(`v1.${secrets.currentKeyId}.`)).toBe(true);
    expect(row.plaintextValue).toBeNull();
  });
});

describe("export.create with pushToHub", () => {
  it("refuses without a token, refuses a single file, and otherwise queues a private push by default", async () => {
    const { owner } = await newWorkspace("push");
    const push = { repo: "acme/support" };

    await expect(owner.export.create({ ...packageExport, pushToHub: push })).rejects.toThrow(
      /no HuggingFace token; an owner or admin can set one in Settings → Integrations/,
    );
    await owner.settings.hubToken.set({ token: TOKEN });
    await expect(
      owner.export.create({ ...packageExport, options: {}, pushToHub: push }),
    ).rejects.toThrow(/Only a dataset package can be pushed/);
    await expect(
      owner.export.create({ ...packageExport, pushToHub: { repo: "no-owner" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const created = await owner.export.create({ ...packageExport, pushToHub: push });
    expect(created.hub).toEqual({ repo: "acme/support", private: true, url: null, commit: null });
    expect(JSON.stringify(created)).not.toContain(TOKEN);
    const listed = await owner.export.list();
    expect(listed.map((row) => row.hub?.repo)).toEqual(["acme/support"]);
    expect(JSON.stringify(listed)).not.toContain(TOKEN);
  });
});
