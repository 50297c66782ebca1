// Process checks the launcher needs: is a pid alive (zombies count as dead), is it the
// postmaster of a given data directory, and waiting for one to exit.
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user (postgres runs as `postgres` under root).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  // An exited child that nobody reaped yet still answers kill(0); /proc tells the truth.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return true; // no /proc (macOS): kill(0) is all we have
  }
}

/**
 * Whether `pid` is a postgres server for `dataDir`. Pids get reused (after a container restart
 * pid 57 may well be a shell), so a stale postmaster.pid must not be mistaken for a live server.
 */
export function isPostmasterOf(pid: number, dataDir: string): boolean {
  if (!isProcessAlive(pid)) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return cmdline.some((arg) => arg.endsWith("postgres")) && cmdline.includes(dataDir);
  } catch {
    return true; // no /proc: assume the live pid is what postmaster.pid says it is
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(50);
  }
  return !isProcessAlive(pid);
}

/** Pids of every process whose command line mentions `needle` (tests: "is anything left?"). */
export function findProcessesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(needle) && isProcessAlive(Number(entry))) pids.push(Number(entry));
    } catch {
      // the process exited while we looked
    }
  }
  return pids;
}
