// The export router over a real Postgres and pg-boss: what the web page sends, what it gets back,
// and that one workspace never sees another's exports.
import { createTestUser, createTestWorkspace } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, openApiHarness } from "../test-support/api-harness.ts";

let harness: ApiHarness;

/** A signed-in owner of a new workspace, calling the API the way the web app does. */
async function ownerOfNewWorkspace(name: string) {
  const user = await createTestUser(harness.db, { email: `${name.toLowerCase()}@example.com` });
  const workspace = await createTestWorkspace(harness.db, { name, ownerUserId: user.id });
  const api = await harness.callerFor(user, workspace.id);
  return { api, workspace };
}

beforeAll(async () => {
  harness = await openApiHarness();
});

afterAll(async () => {
  await harness?.close();
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
    const jobs = await harness.queue.boss.findJobs("export.run", {
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
