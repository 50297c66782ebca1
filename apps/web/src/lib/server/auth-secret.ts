// The secret that signs session cookies: BETTER_AUTH_SECRET when set; otherwise one generated on
// the first start and kept in .data/auth-secret (git-ignored, owner-only), so sessions survive a
// restart. Never logged.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { findRepoRoot } from "@parley/db";

export function resolveAuthSecret(
  configured: string | undefined,
  log: (message: string) => void,
): string {
  if (configured) return configured;
  const file = path.join(findRepoRoot(), ".data", "auth-secret");
  try {
    const stored = readFileSync(file, "utf8").trim();
    if (stored.length >= 32) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    // "wx": when two processes start at once, the first one's secret wins.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      return readFileSync(file, "utf8").trim();
    throw error;
  }
  log(`BETTER_AUTH_SECRET is not set: generated one in ${file} (set it in production)`);
  return secret;
}
