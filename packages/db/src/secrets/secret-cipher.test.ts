// The sealing of workspace secrets and the key it uses: a value round-trips only with its key and
// its row, a wrong key or an altered value is named in words, and a key is accepted only as 32
// bytes in hex or base64; without one, a key file is generated once, owner-only, and then reused.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretCipher, SecretDecryptionError, secretKeyId } from "./secret-cipher.ts";
import { parseSecretKey, resolveSecretCipher, SecretKeyError } from "./secret-key.ts";

const TOKEN = "hf_RoundTripToken0123456789";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "parley-secret-key-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("createSecretCipher", () => {
  const key = randomBytes(32);
  const cipher = createSecretCipher({ current: key, source: "a test key" });

  it("seals a value into something that is not it, and opens it again with the same row", () => {
    const sealed = cipher.seal(TOKEN, "row-1");
    expect(sealed).not.toContain(TOKEN);
    expect(sealed).not.toContain(Buffer.from(TOKEN).toString("base64url").slice(0, 12));
    expect(sealed.startsWith(`v1.${secretKeyId(key)}.`)).toBe(true);
    expect(cipher.open(sealed, "row-1")).toBe(TOKEN);
    // A fresh IV each time: the same value never seals the same way twice.
    expect(cipher.seal(TOKEN, "row-1")).not.toBe(sealed);
  });

  it("names the key a value was sealed with when this process has another one", () => {
    const sealed = createSecretCipher({ current: randomBytes(32), source: "another key" }).seal(
      TOKEN,
      "row-1",
    );
    let error: unknown;
    try {
      cipher.open(sealed, "row-1");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SecretDecryptionError);
    expect((error as SecretDecryptionError).reason).toBe("unknown_key");
    expect((error as Error).message).toMatch(
      /encrypted with key [0-9a-f]{8}, but this process has key [0-9a-f]{8} \(from a test key\)/,
    );
    expect((error as Error).message).not.toMatch(/bad decrypt|unable to authenticate/i);
  });

  it("refuses a value moved to another row or altered, in words", () => {
    const sealed = cipher.seal(TOKEN, "row-1");
    expect(() => cipher.open(sealed, "row-2")).toThrow(/altered or copied from elsewhere/);
    const parts = sealed.split(".");
    parts[4] = Buffer.from("hf_SomethingElse000").toString("base64url");
    expect(() => cipher.open(parts.join("."), "row-1")).toThrow(SecretDecryptionError);
    expect(() => cipher.open("plain text", "row-1")).toThrow(/not in a format Parley seals/);
  });

  it("opens values sealed with a previous key while keys rotate, and seals with the new one", () => {
    const old = createSecretCipher({ current: key, source: "old" });
    const sealed = old.seal(TOKEN, "row-1");
    const rotated = createSecretCipher({
      current: randomBytes(32),
      previous: [key],
      source: "new",
    });
    expect(rotated.open(sealed, "row-1")).toBe(TOKEN);
    expect(rotated.keyIdOf(rotated.seal(TOKEN, "row-1"))).toBe(rotated.currentKeyId);
    expect(rotated.keyIdOf(sealed)).toBe(old.currentKeyId);
  });
});

describe("parseSecretKey", () => {
  const key = randomBytes(32);

  it("takes 32 bytes as hex or base64", () => {
    expect(parseSecretKey(key.toString("hex"), "K")).toEqual(key);
    expect(parseSecretKey(key.toString("base64"), "K")).toEqual(key);
    expect(parseSecretKey(` ${key.toString("base64url")}\n`, "K")).toEqual(key);
  });

  it("rejects anything else with a message that says what it needs and never echoes the value", () => {
    for (const bad of [
      "secret",
      randomBytes(16).toString("hex"),
      randomBytes(48).toString("base64"),
    ]) {
      expect(() => parseSecretKey(bad, "PARLEY_SECRET_KEY")).toThrow(SecretKeyError);
      try {
        parseSecretKey(bad, "PARLEY_SECRET_KEY");
      } catch (error) {
        expect((error as Error).message).toMatch(
          /^PARLEY_SECRET_KEY must be 32 bytes written as 64 hex digits or as base64/,
        );
        expect((error as Error).message).not.toContain(bad);
      }
    }
  });
});

describe("resolveSecretCipher", () => {
  it("uses PARLEY_SECRET_KEY when set, and refuses a malformed one", () => {
    const key = randomBytes(32);
    const keyFile = join(dir, "unused-key");
    const cipher = resolveSecretCipher({
      env: { PARLEY_SECRET_KEY: key.toString("hex") },
      keyFile,
    });
    expect(cipher.currentKeyId).toBe(secretKeyId(key));
    expect(cipher.keySource).toBe("PARLEY_SECRET_KEY");
    expect(() => resolveSecretCipher({ env: { PARLEY_SECRET_KEY: "too-short" }, keyFile })).toThrow(
      /PARLEY_SECRET_KEY must be 32 bytes/,
    );
  });

  it("without one, generates a key file once (mode 0600) and every later process reads the same key", async () => {
    const keyFile = join(dir, "data", "secret-key");
    const logs: string[] = [];
    const first = resolveSecretCipher({ env: {}, keyFile, log: (line) => logs.push(line) });
    expect(((await stat(keyFile)).mode & 0o777).toString(8)).toBe("600");
    expect(logs).toEqual([expect.stringContaining(`generated one in ${keyFile}`)]);
    const second = resolveSecretCipher({ env: { PARLEY_SECRET_KEY: "" }, keyFile });
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(second.open(first.seal(TOKEN, "row"), "row")).toBe(TOKEN);
    expect((await readFile(keyFile, "utf8")).trim()).toHaveLength(44);
  });

  it("never replaces a key file it cannot read as a key (that would lose every secret)", async () => {
    const keyFile = join(dir, "broken-key");
    await writeFile(keyFile, "not a key\n", { mode: 0o600 });
    expect(() => resolveSecretCipher({ env: {}, keyFile })).toThrow(
      `The key file ${keyFile} must be 32 bytes`,
    );
    expect(await readFile(keyFile, "utf8")).toBe("not a key\n");
  });
});
