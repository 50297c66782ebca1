// The key workspace secrets are sealed with: PARLEY_SECRET_KEY (32 bytes as hex or base64) when
// set, else one generated on the first start into <repo>/.data/secret-key (owner-only), which the
// web server, the worker and the CLI of a checkout all read. PARLEY_SECRET_KEY_PREVIOUS (comma-
// separated) lists keys being rotated out: values sealed with them still open, and the worker
// reseals them with the current key on start.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { findRepoRoot } from "../embedded/repo-root.ts";
import { createSecretCipher, SECRET_KEY_BYTES, type SecretCipher } from "./secret-cipher.ts";

export interface SecretKeyEnv {
  PARLEY_SECRET_KEY?: string | undefined;
  PARLEY_SECRET_KEY_PREVIOUS?: string | undefined;
}

export interface ResolveSecretCipherOptions {
  env: SecretKeyEnv;
  /** Where the generated key lives when PARLEY_SECRET_KEY is unset; default <repo>/.data/secret-key. */
  keyFile?: string;
  log?: (message: string) => void;
}

/** A configuration error in a secret key, raised at startup; never contains the key. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretKeyError";
  }
}

/** 32 bytes written as 64 hex digits or as base64 (standard or URL-safe, padding optional). */
export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) key = Buffer.from(trimmed, "hex");
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) key = Buffer.from(trimmed, "base64");
  if (key?.length !== SECRET_KEY_BYTES) {
    throw new SecretKeyError(
      `${source} must be ${SECRET_KEY_BYTES} bytes written as 64 hex digits or as base64 (44 characters; make one with \`openssl rand -base64 32\`), not ${trimmed.length} characters of something else`,
    );
  }
  return key;
}

export function defaultSecretKeyFile(): string {
  return path.join(findRepoRoot(), ".data", "secret-key");
}

function readOrCreateKeyFile(file: string, log: (message: string) => void): Buffer {
  try {
    return parseSecretKey(readFileSync(file, "utf8"), `The key file ${file}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(SECRET_KEY_BYTES);
  try {
    // "wx": when two processes start at once, the first one's key wins and the other reads it.
    writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      return parseSecretKey(readFileSync(file, "utf8"), `The key file ${file}`);
    }
    throw error;
  }
  log(
    `PARLEY_SECRET_KEY is not set: generated one in ${file} (set it in production, and back it up)`,
  );
  return key;
}

/** The cipher for workspace secrets, from the environment or the checkout's key file. */
export function resolveSecretCipher(options: ResolveSecretCipherOptions): SecretCipher {
  const log = options.log ?? (() => {});
  const configured = options.env.PARLEY_SECRET_KEY?.trim();
  const previous = (options.env.PARLEY_SECRET_KEY_PREVIOUS ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part, index) => parseSecretKey(part, `PARLEY_SECRET_KEY_PREVIOUS (key ${index + 1})`));
  if (configured) {
    return createSecretCipher({
      current: parseSecretKey(configured, "PARLEY_SECRET_KEY"),
      previous,
      source: "PARLEY_SECRET_KEY",
    });
  }
  const file = options.keyFile ?? defaultSecretKeyFile();
  return createSecretCipher({ current: readOrCreateKeyFile(file, log), previous, source: file });
}
