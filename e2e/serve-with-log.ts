// Runs a command (the e2e web server: scripts/start.ts) with its stdout and stderr copied to a
// file as well as passed on, so secrets.spec.ts can search every line the server logged.
// Usage: node serve-with-log.ts <log file> <script> [args…]
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";

const [logFile, script, ...args] = process.argv.slice(2);
if (!logFile || !script) {
  process.stderr.write("usage: node serve-with-log.ts <log file> <script> [args…]\n");
  process.exit(2);
}
mkdirSync(dirname(logFile), { recursive: true });
const file = createWriteStream(logFile, { flags: "a" });
const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
child.stdout.on("data", (chunk: Buffer) => {
  file.write(chunk);
  process.stdout.write(chunk);
});
child.stderr.on("data", (chunk: Buffer) => {
  file.write(chunk);
  process.stderr.write(chunk);
});
// Playwright signals the whole process group: the server shuts itself down, and this process
// stays until it has, so the log keeps its last lines.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => {});
child.once("exit", (code, signal) => {
  file.end(() => process.exit(code ?? (signal ? 1 : 0)));
});
