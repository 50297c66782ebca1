import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildDatasetPackage } from "../package/build-dataset-package.ts";
import { listPackageFiles } from "../package/package-files.ts";
import { makeConversations, streamOf, TEST_PROFILE } from "../testing/conversation-fixtures.ts";
import { type HubPushProgress, pushDatasetToHub } from "./push-dataset-to-hub.ts";
import { type StandInHub, startStandInHub } from "./testing/stand-in-hub.ts";

const TOKEN = "hf_testTokenThatMustNeverLeak123";
let workDir: string;
let packageDir: string;
let hub: StandInHub;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), "parley-hub-"));
  packageDir = join(workDir, "ei-dataset");
  await buildDatasetPackage({
    conversations: () => streamOf(makeConversations(12)),
    outDir: packageDir,
    name: "ei-dataset",
    version: "1.0.0",
    license: "cc-by-4.0",
    consultantProfile: TEST_PROFILE,
    formats: ["messages", "parquet"],
    repoId: "acme/ei-dataset",
  });
  hub = await startStandInHub({ token: TOKEN, reflectAuthorizationInErrors: true });
});

afterEach(async () => {
  await hub.close();
  await rm(workDir, { recursive: true, force: true });
});

const sha256 = (content: Buffer) => createHash("sha256").update(content).digest("hex");

describe("pushDatasetToHub", () => {
  it("creates a private dataset repo and uploads every file of the package in one commit", async () => {
    const events: HubPushProgress[] = [];
    const result = await pushDatasetToHub({
      dir: packageDir,
      repo: "acme/ei-dataset",
      token: TOKEN,
      hubUrl: hub.url,
      commitMessage: "Dataset v1.0.0",
      onProgress: (event) => events.push(event),
    });

    const repo = hub.repos.get("dataset/acme/ei-dataset");
    expect(repo).toMatchObject({ private: true, type: "dataset" });
    expect(result).toMatchObject({ created: true, repoUrl: `${hub.url}/datasets/acme/ei-dataset` });
    expect(repo?.commits).toHaveLength(1);
    expect(repo?.commits[0]).toMatchObject({ title: "Dataset v1.0.0", oid: result.commit.oid });
    expect(hub.requests.filter((request) => request.path.includes("/commit/"))).toHaveLength(1);

    const local = await listPackageFiles(packageDir);
    expect(repo?.commits[0]?.files.map((file) => file.path).sort()).toEqual(
      local.map((file) => file.path),
    );
    for (const file of local) {
      const uploaded = repo?.files.get(file.path);
      expect(uploaded && sha256(uploaded), file.path).toBe(
        sha256(await readFile(file.absolutePath)),
      );
    }
    // Binary Parquet goes through LFS, text inline: both upload paths of the library were exercised.
    const via = new Map(repo?.commits[0]?.files.map((file) => [file.path, file.via]));
    expect(via.get("data/parquet/train.parquet")).toBe("lfs");
    expect(via.get("README.md")).toBe("inline");
    expect(events.map((event) => event.phase)).toEqual(
      expect.arrayContaining(["creating_repo", "committing"]),
    );
  });

  it("pushes to an existing repo without creating it again", async () => {
    await pushDatasetToHub({
      dir: packageDir,
      repo: "acme/ei-dataset",
      token: TOKEN,
      hubUrl: hub.url,
      private: false,
    });
    const second = await pushDatasetToHub({
      dir: packageDir,
      repo: "acme/ei-dataset",
      token: TOKEN,
      hubUrl: hub.url,
    });
    expect(second.created).toBe(false);
    expect(hub.requests.filter((request) => request.path === "/api/repos/create")).toHaveLength(1);
    expect(hub.repos.get("dataset/acme/ei-dataset")).toMatchObject({ private: false });
    expect(hub.repos.get("dataset/acme/ei-dataset")?.commits).toHaveLength(2);
  });

  it("never shows the token in the error when the Hub refuses it, even if the Hub echoes it", async () => {
    const wrong = "hf_wrongTokenAlsoSecret456";
    const error = await pushDatasetToHub({
      dir: packageDir,
      repo: "acme/ei-dataset",
      token: wrong,
      hubUrl: hub.url,
    }).then(
      () => {
        throw new Error("The push should have failed");
      },
      (caught: unknown) => caught as Error & { reason?: string; cause?: unknown },
    );
    expect(error).toMatchObject({ reason: "hub_unauthorized", code: "FORBIDDEN" });
    expect(error.message).toMatch(/received "Bearer hf_\*\*\*"/);
    const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${String(error.cause ?? "")}`;
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain("wrongTokenAlsoSecret");
    expect(hub.repos.size).toBe(0);
  });

  it("rejects a malformed token or repo name before calling the Hub", async () => {
    await expect(
      pushDatasetToHub({
        dir: packageDir,
        repo: "acme/ei-dataset",
        token: "not-a-token",
        hubUrl: hub.url,
      }),
    ).rejects.toMatchObject({ reason: "hub_invalid_token" });
    await expect(
      pushDatasetToHub({ dir: packageDir, repo: "no-namespace", token: TOKEN, hubUrl: hub.url }),
    ).rejects.toMatchObject({ reason: "invalid_options" });
    expect(hub.requests).toEqual([]);
  });

  it("reports an unreachable Hub with a usable error", async () => {
    await hub.close();
    const closed = await startStandInHub({ token: TOKEN });
    const url = closed.url;
    await closed.close();
    await expect(
      pushDatasetToHub({ dir: packageDir, repo: "acme/ei-dataset", token: TOKEN, hubUrl: url }),
    ).rejects.toMatchObject({ reason: "hub_request_failed" });
    hub = await startStandInHub({ token: TOKEN });
  });
});
