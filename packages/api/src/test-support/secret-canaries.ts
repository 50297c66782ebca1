// Recognisable fake secrets planted where the real ones would be (environment, sealed workspace
// secret, cipher key), so a test can prove none of them comes back in an answer, error or log.
import { createSecretCipher, parseSecretKey, type SecretCipher } from "@parley/db";

/** Each canary is unique and long enough that a match can only be a leak. */
export const CANARIES = {
  ANTHROPIC_API_KEY: "sk-ant-api03-CANARYanthropicKEY7f3c9e1d5b2a48c6",
  BETTER_AUTH_SECRET: "CANARYbetterAuthSecret9d8c7b6a5f4e3d2c1b0a",
  HF_TOKEN: "hf_CANARYhuggingfaceTOKEN4b7e1a9c3d6f2e8b",
  /** 32 bytes as hex, as PARLEY_SECRET_KEY takes it. */
  PARLEY_SECRET_KEY: "ca4a2ee5ca4a2ee5c0ffee00deadbeef0123456789abcdef0badcafe5ec2e7ed",
} as const;

/** What a leak may look like besides the value itself: its base64 (a sealed key is bytes). */
function leakForms(value: string): string[] {
  return [
    value,
    Buffer.from(value).toString("base64"),
    Buffer.from(value, "hex").toString("base64"),
  ].filter((form) => form.length >= 16);
}

const FORMS = Object.entries(CANARIES).flatMap(([name, value]) =>
  leakForms(value).map((form) => ({ name, form })),
);

/** The names of the canaries found in `text` (empty when it is clean). */
export function canariesIn(text: string): string[] {
  return [...new Set(FORMS.filter(({ form }) => text.includes(form)).map(({ name }) => name))];
}

/** Puts the canaries in process.env, where a careless module would read a real secret. */
export function plantCanariesInEnvironment(): () => void {
  const previous = Object.fromEntries(
    Object.keys(CANARIES).map((name) => [name, process.env[name]]),
  );
  Object.assign(process.env, CANARIES);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** The cipher the web server would build from PARLEY_SECRET_KEY, with the canary key. */
export function canaryCipher(): SecretCipher {
  return createSecretCipher({
    current: parseSecretKey(CANARIES.PARLEY_SECRET_KEY, "PARLEY_SECRET_KEY"),
    source: "PARLEY_SECRET_KEY",
  });
}

/**
 * Records every line written to the console or the process's stdout and stderr while a test
 * runs (still printing it), so the test can look for canaries in what would reach a log.
 */
export function captureLogs(): { lines: () => string; stop: () => void } {
  const chunks: string[] = [];
  const restore: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      chunks.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = write;
    });
  }
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      chunks.push(
        args
          .map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : String(arg)))
          .join(" "),
      );
      original(...args);
    };
    restore.push(() => {
      console[level] = original;
    });
  }
  return {
    lines: () => chunks.join("\n"),
    stop: () => {
      for (const undo of restore) undo();
    },
  };
}
