// A Writable that keeps everything written to it, for tests that read an export back.
import { Writable } from "node:stream";

export class MemoryOutput extends Writable {
  readonly chunks: Buffer[] = [];

  constructor(options: { highWaterMark?: number; delayMs?: number } = {}) {
    const delayMs = options.delayMs ?? 0;
    super({
      highWaterMark: options.highWaterMark ?? 16 * 1024,
      write: (chunk: Buffer, _encoding, callback) => {
        this.chunks.push(Buffer.from(chunk));
        if (delayMs > 0) setTimeout(callback, delayMs);
        else callback();
      },
    });
  }

  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    return this.buffer().toString("utf8");
  }

  lines(): unknown[] {
    return this.text()
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line));
  }
}
