#!/usr/bin/env node
// Entry point of `npm start`, `npm test` and `npm run parley`: makes sure the project's Node and
// pnpm are present (fetched from the npm registry into .tools/ when the system's are too old),
// installs dependencies only when the lockfile changed, then hands over to the real command.
// Runs on any Node >= 18, so it uses CommonJS and built-ins only.
"use strict";

const { spawnSync, spawn } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const TOOLS = path.join(ROOT, ".tools");
const NODE_MAJOR = 24;
const MIN_NODE = [22, 17, 0];
const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const PNPM_VERSION = rootPkg.packageManager.replace(/^pnpm@/, "");

function log(message) {
  process.stderr.write(`[parley] ${message}\n`);
}

function fail(message) {
  log(`error: ${message}`);
  process.exit(1);
}

function versionAtLeast(version, min) {
  const parts = version.replace(/^v/, "").split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if (parts[i] !== min[i]) return parts[i] > min[i];
  }
  return true;
}

/**
 * Runs a setup step to completion. Its stdout goes to our stderr: whatever npm or pnpm print
 * ("added 1 package in 7s") must not end up in front of a command's own output, which scripts
 * read (`npm run -s parley -- batch create --json | jq`).
 */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ["inherit", 2, "inherit"], ...options });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(" ")} exited with ${result.status}`);
}

/** npm-installs one registry package into its own folder under .tools/ and returns that folder. */
function npmInstallTool(folder, spec) {
  const dir = path.join(TOOLS, folder);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), '{"private":true}\n');
  log(`fetching ${spec} from the npm registry into .tools/${folder}`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  run(
    npm,
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--no-save",
      "--prefer-offline",
      "--loglevel=error",
      spec,
    ],
    {
      cwd: dir,
    },
  );
  return dir;
}

/** Path of a Node binary the project can run on: the current one if new enough, else a fetched one. */
function ensureNode() {
  if (versionAtLeast(process.versions.node, MIN_NODE)) return process.execPath;
  const pkgName = `node-${process.platform}-${process.arch}`;
  const bin = path.join(TOOLS, `node-${NODE_MAJOR}`, "node_modules", pkgName, "bin", "node");
  if (!fs.existsSync(bin)) {
    log(`Node ${process.versions.node} is older than ${MIN_NODE.join(".")}`);
    npmInstallTool(`node-${NODE_MAJOR}`, `${pkgName}@${NODE_MAJOR}`);
    if (!fs.existsSync(bin)) fail(`${pkgName}@${NODE_MAJOR} did not provide bin/node`);
  }
  return bin;
}

function ensurePnpm() {
  const cli = path.join(TOOLS, "pnpm", "node_modules", "pnpm", "bin", "pnpm.cjs");
  const marker = path.join(TOOLS, "pnpm", "node_modules", "pnpm", "package.json");
  const installed = fs.existsSync(marker) && JSON.parse(fs.readFileSync(marker, "utf8")).version;
  if (installed !== PNPM_VERSION) npmInstallTool("pnpm", `pnpm@${PNPM_VERSION}`);
  return cli;
}

/** A bin folder with `node` and `pnpm` first on PATH, so every child process uses the project's. */
function writeShims(nodeBin, pnpmCli) {
  const binDir = path.join(TOOLS, "bin");
  fs.mkdirSync(binDir, { recursive: true });
  const nodeLink = path.join(binDir, "node");
  try {
    fs.unlinkSync(nodeLink);
  } catch {}
  fs.symlinkSync(nodeBin, nodeLink);
  const pnpmShim = path.join(binDir, "pnpm");
  fs.writeFileSync(pnpmShim, `#!/bin/sh\nexec "${nodeBin}" "${pnpmCli}" "$@"\n`, { mode: 0o755 });
  return binDir;
}

function hashInstallInputs(nodeBin, root = ROOT) {
  const hash = crypto.createHash("sha256");
  hash.update(nodeBin);
  hash.update(PNPM_VERSION);
  const manifests = ["apps", "packages"].flatMap((group) =>
    fs.existsSync(path.join(root, group))
      ? fs.readdirSync(path.join(root, group)).map((name) => path.join(group, name, "package.json"))
      : [],
  );
  const inputs = ["pnpm-lock.yaml", "pnpm-workspace.yaml", "package.json", "e2e/package.json"];
  for (const file of [...inputs, "bench/package.json", ...manifests]) {
    const full = path.join(root, file);
    if (fs.existsSync(full)) hash.update(fs.readFileSync(full));
  }
  return hash.digest("hex");
}

function ensureInstalled(env, nodeBin) {
  const stamp = path.join(ROOT, "node_modules", ".parley-install");
  const want = hashInstallInputs(nodeBin);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return;
  // CI must install exactly the lockfile; a developer who edited a manifest gets it updated.
  const frozen = process.env.CI === "true" || process.env.CI === "1";
  log("installing dependencies");
  const args = ["install", frozen ? "--frozen-lockfile" : "--no-frozen-lockfile"];
  run("pnpm", args, { cwd: ROOT, env });
  fs.writeFileSync(stamp, hashInstallInputs(nodeBin));
}

function main() {
  const [command, ...rest] = process.argv.slice(2);
  const nodeBin = ensureNode();
  const pnpmCli = ensurePnpm();
  const binDir = writeShims(nodeBin, pnpmCli);
  const env = {
    ...process.env,
    PATH: `${binDir}${path.delimiter}${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
    // Keep turbo's telemetry and update checks quiet and offline.
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    TURBO_NO_UPDATE_NOTIFIER: "1",
  };
  ensureInstalled(env, nodeBin);

  const scripts = {
    start: [path.join(ROOT, "scripts", "start.ts")],
    test: [path.join(ROOT, "scripts", "test.ts")],
    parley: [path.join(ROOT, "apps", "cli", "src", "main.ts")],
  };
  let child;
  if (command === "pnpm") {
    child = spawn("pnpm", rest, { cwd: ROOT, env, stdio: "inherit" });
  } else if (scripts[command]) {
    child = spawn(nodeBin, [...scripts[command], ...rest], {
      cwd: process.env.INIT_CWD || ROOT,
      env,
      stdio: "inherit",
    });
  } else {
    fail(`unknown command "${command}"; expected start, test, parley or pnpm`);
  }
  // The child owns the terminal; forward signals so Ctrl-C reaches it once and it can clean up.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

// Required rather than run (by the fresh-clone test): expose the install stamp's hash only.
if (require.main === module) main();
else
  module.exports = {
    hashInstallInputs,
    INSTALL_STAMP: path.join("node_modules", ".parley-install"),
  };
