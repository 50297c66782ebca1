// A pass-through Writable that counts bytes and computes the SHA-256 of everything written,
// so an export can report its size and checksum without reading the output back.
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";

export interface OutputDigest {
  bytes: number;
  sha256: string;
}

/** Small on purpose: a package keeps a dozen files open, and the source should wait, not pile up. */
const BUFFER_BYTES = 16 * 1024;

export class MeteredWritable extends Writable {
  #target: Writable;
  #hash = createHash("sha256");
  #bytes = 0;
  #sha256: string | undefined;
  #endTarget: boolean;

  /** `endTarget: false` leaves the target open when this stream ends (e.g. process.stdout). */
  constructor(target: Writable, options: { endTarget?: boolean } = {}) {
    super({ highWaterMark: BUFFER_BYTES });
    this.#target = target;
    this.#endTarget = options.endTarget ?? true;
    target.once("error", (error) => this.destroy(error));
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
    if (this.#target.write(chunk)) callback();
    else this.#target.once("drain", () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#sha256 = this.#hash.digest("hex");
    if (!this.#endTarget) {
      callback();
      return;
    }
    this.#target.end();
    finished(this.#target).then(
      () => callback(),
      (error: Error) => callback(error),
    );
  }

  /** Bytes and checksum; the checksum is only final once the stream has finished. */
  digest(): OutputDigest {
    return { bytes: this.#bytes, sha256: this.#sha256 ?? this.#hash.copy().digest("hex") };
  }
}

/** Ends a stream and resolves once everything has been flushed to its destination. */
export async function endStream(stream: Writable): Promise<void> {
  stream.end();
  await finished(stream);
}
