// The stored-export download: the file as the job wrote it, with its checksum, and only to the
// workspace that owns it.
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addMembership, completeExport, createExport, markExportRunning } from "@parley/db";
import {
  createTestDatabase,
  createTestUser,
  createTestWorkspace,
  type TestDatabase,
} from "@parley/db/testing";
import { isHttpError } from "@sveltejs/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "./+server.ts";

let database: TestDatabase;
let exportsDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  exportsDir = await mkdtemp(join(tmpdir(), "parley-web-exports-"));
  // Read once by the server's env module, as in production.
  process.env.DATABASE_URL = database.url;
  process.env.PARLEY_EXPORTS_DIR = exportsDir;
});

afterAll(async () => {
  await database?.destroy();
  if (exportsDir) await rm(exportsDir, { recursive: true, force: true });
});

async function storedExport(workspaceId: string, content: string) {
  const row = await createExport(database.db, {
    workspaceId,
    format: "messages",
    name: "Ready set",
  });
  await markExportRunning(database.db, { workspaceId, exportId: row.id });
  const location = `${workspaceId}/${row.id}.jsonl`;
  await mkdir(join(exportsDir, workspaceId), { recursive: true });
  await writeFile(join(exportsDir, location), content);
  const sha256 = createHash("sha256").update(content).digest("hex");
  await completeExport(database.db, {
    workspaceId,
    exportId: row.id,
    rowCount: 1,
    bytes: Buffer.byteLength(content),
    sha256,
    location,
    includesSimulated: true,
  });
  return { id: row.id, sha256 };
}

type UserRef = { id: string; name: string; email: string };

/** A signed-in viewer of the workspace (downloading is reading). */
async function memberOf(workspaceId: string): Promise<UserRef> {
  const user = await createTestUser(database.db);
  await addMembership(database.db, { workspaceId, userId: user.id, role: "viewer" });
  return user;
}

/** The route as hooks.server.ts sets it up: the session's user and the workspace they act in. */
async function download(
  workspace: { id: string; name: string },
  id: string,
  user: UserRef | null | "member" = "member",
): Promise<Response> {
  const caller = user === "member" ? await memberOf(workspace.id) : user;
  const event = { locals: { api: { workspace, user: caller, db: database.db } }, params: { id } };
  return GET(event as unknown as Parameters<typeof GET>[0]);
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (isHttpError(error)) return error.status;
    throw error;
  }
  return 200;
}

describe("GET /exports/[id]/download", () => {
  it("streams the stored file with its size, name and SHA-256", async () => {
    const workspace = await createTestWorkspace(database.db);
    const content =
      '{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}\n';
    const stored = await storedExport(workspace.id, content);
    const response = await download({ id: workspace.id, name: workspace.name }, stored.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="ready-set.jsonl"',
    );
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(content)));
    expect(response.headers.get("x-content-sha256")).toBe(stored.sha256);
    expect(await response.text()).toBe(content);
  });

  it("answers 404 to another workspace and 409 while the export is not finished", async () => {
    const owner = await createTestWorkspace(database.db, { name: "Owner" });
    const stranger = await createTestWorkspace(database.db, { name: "Stranger" });
    const stored = await storedExport(owner.id, "{}\n");
    expect(await statusOf(download({ id: stranger.id, name: stranger.name }, stored.id))).toBe(404);

    const queued = await createExport(database.db, { workspaceId: owner.id, format: "messages" });
    expect(await statusOf(download({ id: owner.id, name: owner.name }, queued.id))).toBe(409);
    expect(await statusOf(download({ id: owner.id, name: owner.name }, "not-an-id"))).toBe(404);
  });

  it("answers 401 without a session and 403 to a user who is not a member of the workspace", async () => {
    const owner = await createTestWorkspace(database.db, { name: "Private" });
    const stored = await storedExport(owner.id, "{}\n");
    const ref = { id: owner.id, name: owner.name };
    expect(await statusOf(download(ref, stored.id, null))).toBe(401);
    const outsider = await createTestUser(database.db);
    expect(await statusOf(download(ref, stored.id, outsider))).toBe(403);
  });

  it("explains that a folder package is not downloadable instead of calling it gone", async () => {
    const workspace = await createTestWorkspace(database.db, { name: "Folders" });
    const row = await createExport(database.db, {
      workspaceId: workspace.id,
      format: "messages",
      options: { package: "folder" },
    });
    await markExportRunning(database.db, { workspaceId: workspace.id, exportId: row.id });
    const location = `${workspace.id}/${row.id}`;
    await mkdir(join(exportsDir, location), { recursive: true });
    await writeFile(join(exportsDir, location, "README.md"), "# card\n");
    await completeExport(database.db, {
      workspaceId: workspace.id,
      exportId: row.id,
      rowCount: 0,
      bytes: 7,
      sha256: "0".repeat(64),
      location,
      includesSimulated: false,
    });
    const answer = await download({ id: workspace.id, name: workspace.name }, row.id).catch(
      (caught: unknown) => caught,
    );
    expect(isHttpError(answer) && answer.status).toBe(409);
    expect(isHttpError(answer) && answer.body.message).toMatch(
      /folder package.*\.zip or \.tar\.gz/,
    );
  });
});
