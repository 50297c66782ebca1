// The export router over a real Postgres and pg-boss: what the web page sends, what it gets back,
// and that one workspace never sees another's exports.
import {
  createTestDatabase,
  createTestUser,
  createTestWorkspace,
  type TestDatabase,
} from "@parley/db/testing";
import { createProgressHub, openQueue, type ProgressHub, type Queue } from "@parley/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiContext } from "../context.ts";
import { appRouter } from "../root.ts";
import { createCallerFactory } from "../trpc.ts";

let database: TestDatabase;
let queue: Queue;
let progress: ProgressHub;
const createCaller = createCallerFactory(appRouter);

/** A signed-in owner of a new workspace, calling the API the way the web app does. */
async function ownerOfNewWorkspace(name: string) {
  const user = await createTestUser(database.db, { email: `${name.toLowerCase()}@example.com` });
  const workspace = await createTestWorkspace(database.db, { name, ownerUserId: user.id });
  const api = createCaller(
    createApiContext(
      { db: database.db, queue, progress, simulated: true },
      { workspace: { id: workspace.id, name: workspace.name }, user },
    ),
  );
  return { api, workspace };
}

beforeAll(async () => {
  database = await createTestDatabase();
  queue = await openQueue({ databaseUrl: database.url, role: "producer" });
  progress = createProgressHub(database.url);
});

afterAll(async () => {
  await progress?.close();
  await queue?.stop({ graceful: false });
  await database?.destroy();
});

describe("export router", () => {
  it("queues an export job and lists and returns the export, scoped to the workspace", async () => {
    const { api, workspace: mine } = await ownerOfNewWorkspace("Mine");
    const { api: other } = await ownerOfNewWorkspace("Theirs");

    const created = await api.export.create({
      format: "sharegpt",
      filters: { statuses: ["approved"], tiers: ["edge_case"], minQuality: 7 },
      options: {
        package: "zip",
        split: { ratios: { train: 0.8, validation: 0.1, test: 0.1 }, seed: "3" },
      },
    });
    expect(created).toMatchObject({
      format: "sharegpt",
      status: "queued",
      progress: 0,
      kind: "zip",
      split: { train: 0.8, validation: 0.1, test: 0.1 },
      statuses: ["approved"],
      downloadable: false,
    });
    const jobs = await queue.boss.findJobs("export.run", {
      data: { exportId: created.id },
      queued: true,
    });
    expect(jobs.map((job) => job.data)).toEqual([{ workspaceId: mine.id, exportId: created.id }]);

    expect((await api.export.list()).map((row) => row.id)).toEqual([created.id]);
    expect((await api.export.get({ exportId: created.id })).id).toBe(created.id);

    expect(await other.export.list()).toEqual([]);
    await expect(other.export.get({ exportId: created.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses a Hub push, a folder package and impossible filters with a reason", async () => {
    const { api } = await ownerOfNewWorkspace("Refused");
    await expect(
      api.export.create({
        format: "messages",
        filters: {},
        // @ts-expect-error the web app cannot ask for a Hub push: the token stays with the CLI
        options: { hub: { repo: "acme/x", private: true } },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      // @ts-expect-error a folder package is the CLI's: the browser could not download it
      api.export.create({ format: "messages", filters: {}, options: { package: "folder" } }),
    ).rejects.toThrow(/folder package cannot be downloaded; choose zip or tar.gz/);
    await expect(
      api.export.create({
        format: "messages",
        filters: { minQuality: 9, maxQuality: 2 },
        options: {},
      }),
    ).rejects.toThrow(/minimum quality must not be above the maximum/);
    expect(await api.export.list()).toEqual([]);
  });

  it("packages a split without a kind as a zip, so every export it takes can be downloaded", async () => {
    const { api } = await ownerOfNewWorkspace("Split");
    const created = await api.export.create({
      format: "messages",
      filters: { statuses: ["approved"] },
      options: { split: { ratios: { train: 0.8, validation: 0.1, test: 0.1 } } },
    });
    expect(created).toMatchObject({
      kind: "zip",
      split: { train: 0.8, validation: 0.1, test: 0.1 },
    });
    // Every kind the router accepts is one the download route serves.
    for (const kind of ["zip", "tar.gz"] as const) {
      const view = await api.export.create({
        format: "messages",
        filters: {},
        options: { package: kind },
      });
      expect(view.kind).toBe(kind);
    }
  });
});
