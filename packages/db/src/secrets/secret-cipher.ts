// Seals secrets for storage with AES-256-GCM: a random 12-byte IV per value, the auth tag kept,
// and the id of the key that sealed it in front, so a value sealed with an earlier key can still
// be opened (and resealed) while keys rotate, and a wrong key is named instead of failing inside
// OpenSSL. The associated data binds a sealed value to its row: copied elsewhere, it will not open.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const FORMAT = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_BYTES = 32;

/** Why a sealed value could not be opened; the message says what to do about it. */
export class SecretDecryptionError extends Error {
  readonly reason: "unknown_key" | "tampered" | "malformed";

  constructor(reason: SecretDecryptionError["reason"], message: string) {
    super(message);
    this.name = "SecretDecryptionError";
    this.reason = reason;
  }
}

export interface SecretCipher {
  /** The id of the key new values are sealed with (not secret: a hash prefix of the key). */
  readonly currentKeyId: string;
  /** Where the current key came from ("PARLEY_SECRET_KEY" or the key file's path), for messages. */
  readonly keySource: string;
  seal(plaintext: string, associatedData: string): string;
  /** Throws SecretDecryptionError when the value cannot be opened with any key this process has. */
  open(sealed: string, associatedData: string): string;
  /** The id of the key a sealed value names, or null when it is not a sealed value. */
  keyIdOf(sealed: string): string | null;
}

export interface SecretKeyring {
  current: Buffer;
  /** Keys values may still be sealed with (rotation); only opened with, never sealed with. */
  previous?: readonly Buffer[];
  /** Where the current key came from, named in error messages. */
  source: string;
}

/** A key's id: eight hex digits of its SHA-256, enough to tell keys apart, useless to guess one. */
export function secretKeyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function createSecretCipher(keyring: SecretKeyring): SecretCipher {
  const keys = new Map<string, Buffer>();
  for (const key of [keyring.current, ...(keyring.previous ?? [])]) {
    if (key.length !== SECRET_KEY_BYTES) {
      throw new Error(`A secret key must be ${SECRET_KEY_BYTES} bytes, not ${key.length}`);
    }
    keys.set(secretKeyId(key), key);
  }
  const currentKeyId = secretKeyId(keyring.current);

  const parse = (sealed: string) => {
    const parts = sealed.split(".");
    if (parts.length !== 5 || parts[0] !== FORMAT) return null;
    const [, keyId, iv, tag, body] = parts as [string, string, string, string, string];
    return { keyId, iv, tag, body };
  };

  return {
    currentKeyId,
    keySource: keyring.source,
    seal(plaintext, associatedData) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", keyring.current, iv, {
        authTagLength: TAG_BYTES,
      });
      cipher.setAAD(Buffer.from(associatedData, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [
        FORMAT,
        currentKeyId,
        iv.toString("base64url"),
        cipher.getAuthTag().toString("base64url"),
        body.toString("base64url"),
      ].join(".");
    },
    open(sealed, associatedData) {
      const parsed = parse(sealed);
      if (!parsed) {
        throw new SecretDecryptionError(
          "malformed",
          "The stored secret is not in a format Parley seals; save it again.",
        );
      }
      const key = keys.get(parsed.keyId);
      if (!key) {
        throw new SecretDecryptionError(
          "unknown_key",
          `The stored secret was encrypted with key ${parsed.keyId}, but this process has key ${currentKeyId} (from ${keyring.source}): start it with the key the secret was saved with (PARLEY_SECRET_KEY), or save the secret again.`,
        );
      }
      const iv = Buffer.from(parsed.iv, "base64url");
      const tag = Buffer.from(parsed.tag, "base64url");
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new SecretDecryptionError(
          "malformed",
          "The stored secret is truncated; save it again.",
        );
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(associatedData, "utf8"));
        decipher.setAuthTag(tag);
        const body = Buffer.from(parsed.body, "base64url");
        return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretDecryptionError(
          "tampered",
          `The stored secret does not match its key ${parsed.keyId} or its row (it was altered or copied from elsewhere); save it again.`,
        );
      }
    },
    keyIdOf(sealed) {
      return parse(sealed)?.keyId ?? null;
    },
  };
}
