// What `npm start` says when the environment is in the way: a checkout the `postgres` user cannot
// enter (run as root), a DATABASE_URL nobody answers, a data directory from another Postgres
// major version, a port taken by another program. Each names the cause and the fix, and leaves
// no half-made cluster behind.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findRepoRoot } from "./repo-root.ts";
import { clusterFiles, removeAbandonedCluster, startDatabase } from "./start-database.ts";

const scratch: string[] = [];
function scratchDir(prefix: string): string {
  const dir = join(findRepoRoot(), ".data", `${prefix}-${randomBytes(4).toString("hex")}`);
  scratch.push(dir);
  return dir;
}

afterAll(async () => {
  for (const dir of scratch) await removeAbandonedCluster(dir);
});

const quiet = { log: () => {}, durable: false } as const;

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = await listen();
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

describe("a DATABASE_URL that refuses connections", () => {
  it("says nothing listens there and how to fix it, without showing the password", async () => {
    const port = await freePort();
    const url = `postgres://parley:s3cret-word@127.0.0.1:${port}/parley`;
    const refusal = startDatabase({ ...quiet, databaseUrl: url });
    await expect(refusal).rejects.toThrow(
      new RegExp(`refused the connection: nothing is listening on 127\\.0\\.0\\.1:${port}`),
    );
    await expect(refusal).rejects.toThrow(/unset DATABASE_URL to use the embedded Postgres/);
    const message = await refusal.catch((error: Error) => error.message);
    expect(message).not.toContain("s3cret-word");
  });
});

describe("a data directory from another Postgres major version", () => {
  it("names both versions and the ways out, and leaves the data as it was", async () => {
    const dataDir = scratchDir("old-major");
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dataDir, "PG_VERSION"), "9.6\n");
    writeFileSync(clusterFiles(dataDir).cluster, JSON.stringify({ user: "parley", password: "x" }));
    const start = startDatabase({ ...quiet, databaseUrl: undefined, dataDir });
    await expect(start).rejects.toThrow(
      /made by Postgres 9\.6, but the embedded Postgres is version \d+/,
    );
    await expect(start).rejects.toThrow(new RegExp(`mv ${dataDir} ${dataDir}-pg9\\.6`));
    expect(readFileSync(join(dataDir, "PG_VERSION"), "utf8")).toBe("9.6\n");
    expect(existsSync(clusterFiles(dataDir).cluster)).toBe(true);
  });
});

describe.runIf(process.getuid?.() === 0)("run as root in a directory postgres cannot enter", () => {
  it("names the directory and the fixes, and leaves no .data behind", async () => {
    // Like a clone in /root/parley: only root may enter.
    const checkout = scratchDir("root-only");
    mkdirSync(checkout, { mode: 0o700 });
    const dataDir = join(checkout, ".data", "postgres");
    const start = startDatabase({ ...quiet, databaseUrl: undefined, dataDir });
    await expect(start).rejects.toThrow(
      new RegExp(`"postgres" system user, and that user cannot enter ${checkout}`),
    );
    await expect(start).rejects.toThrow(new RegExp(`chmod o\\+x ${checkout}`));
    expect(existsSync(join(checkout, ".data"))).toBe(false);
  });
});

describe("a port another program took since the last start", () => {
  it("starts the embedded Postgres on another port and says so", async () => {
    const dataDir = scratchDir("port-taken");
    const first = await startDatabase({ ...quiet, databaseUrl: undefined, dataDir });
    const previous = Number(new URL(first.url).port);
    await first.stop();
    const squatter = await listen(previous);
    try {
      const messages: string[] = [];
      const second = await startDatabase({
        ...quiet,
        log: (message) => messages.push(message),
        databaseUrl: undefined,
        dataDir,
      });
      expect(Number(new URL(second.url).port)).not.toBe(previous);
      expect(messages.join("\n")).toContain(`port ${previous} is in use by another program`);
      await second.stop();
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });
});
