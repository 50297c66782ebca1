// A script's first run on a fresh clone: `npm run -s parley -- batch create --json` must print
// nothing but the JSON on stdout, whatever the bootstrap fetches or installs on the way.
// The clone reuses this checkout's dependencies (linked, with a matching install stamp) so the
// test stays fast, but has no .tools/: the bootstrap fetches pnpm from the npm registry (or its
// cache), which is what printed "added 1 package" in front of the JSON.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRepoRoot } from "@parley/db";
import { createTestDatabase, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = findRepoRoot();
const bootstrap = createRequire(import.meta.url)(join(ROOT, "scripts", "bootstrap.cjs")) as {
  hashInstallInputs(nodeBin: string, root: string): string;
  INSTALL_STAMP: string;
};

let database: TestDatabase;
let tempDir: string;
let clone: string;

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
}

/** The checkout's tracked files as they are now: HEAD, plus uncommitted edits to tracked files. */
async function cloneCheckout(target: string): Promise<void> {
  git(["clone", "--quiet", "--no-checkout", ROOT, target], tmpdir());
  git(["checkout", "--quiet", git(["rev-parse", "HEAD"], ROOT)], target);
  const edited = git(["diff", "--name-only", "HEAD"], ROOT).split("\n").filter(Boolean);
  for (const file of edited) {
    const source = join(ROOT, file);
    if (existsSync(source)) execFileSync("cp", [source, join(target, file)]);
  }
}

/** Links every node_modules folder of the checkout into the clone, with the clone's own stamp. */
async function linkDependencies(target: string): Promise<void> {
  await mkdir(join(target, "node_modules"));
  for (const entry of await readdir(join(ROOT, "node_modules"))) {
    if (entry === ".parley-install") continue;
    await symlink(join(ROOT, "node_modules", entry), join(target, "node_modules", entry));
  }
  for (const group of ["apps", "packages"]) {
    for (const name of await readdir(join(ROOT, group))) {
      const modules = join(ROOT, group, name, "node_modules");
      if (existsSync(modules) && existsSync(join(target, group, name))) {
        await symlink(modules, join(target, group, name, "node_modules"));
      }
    }
  }
  // The child runs on this Node, so the bootstrap will hash the same binary path.
  await writeFile(
    join(target, bootstrap.INSTALL_STAMP),
    bootstrap.hashInstallInputs(process.execPath, target),
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  tempDir = await mkdtemp(join(tmpdir(), "parley-fresh-clone-"));
  clone = join(tempDir, "parley");
  await cloneCheckout(clone);
  await linkDependencies(clone);
}, 120_000);

afterAll(async () => {
  await database?.destroy();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe("the CLI on a fresh clone", () => {
  it("prints only JSON on stdout while the bootstrap fetches pnpm", async () => {
    const { ANTHROPIC_API_KEY: _key, INIT_CWD: _cwd, ...env } = process.env;
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = spawn(
          process.execPath,
          [
            join(clone, "scripts", "bootstrap.cjs"),
            "parley",
            "batch",
            "create",
            "--count",
            "3",
            "--json",
          ],
          {
            cwd: clone,
            env: { ...env, DATABASE_URL: database.url },
            stdio: ["ignore", "pipe", "pipe"],
          },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => {
          stdout += chunk;
        });
        child.stderr.on("data", (chunk) => {
          stderr += chunk;
        });
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      },
    );
    expect(run.code, run.stderr).toBe(0);
    // The bootstrap did fetch pnpm on this run, and said so where scripts do not read.
    expect(run.stderr).toMatch(/fetching pnpm@/);
    expect(existsSync(join(clone, ".tools", "pnpm", "node_modules", "pnpm"))).toBe(true);
    const printed = JSON.parse(run.stdout) as { id: string; totalItems: number };
    expect(printed.totalItems).toBe(3);
    expect(printed.id).toMatch(/^[0-9a-f-]{36}$/);
  }, 180_000);
});
