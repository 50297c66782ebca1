// Writes to a Node stream with backpressure, so a slow destination (a file, an HTTP response)
// slows the database cursor down instead of buffering the whole export in memory.
import type { Writable } from "node:stream";
import { ExportError } from "../export-error.ts";

export async function writeChunk(output: Writable, chunk: string | Uint8Array): Promise<void> {
  if (output.destroyed || output.writableEnded) {
    throw new ExportError(
      "output_failed",
      "The export output was closed before the export finished",
    );
  }
  if (!output.write(chunk)) await waitForDrain(output);
}

function waitForDrain(output: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      output.off("drain", onDrain);
      output.off("error", onError);
      output.off("close", onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(
        new ExportError("output_failed", `Writing the export failed: ${error.message}`, {
          cause: error,
        }),
      );
    };
    const onClose = () => {
      cleanup();
      reject(
        new ExportError("output_failed", "The export output was closed before the export finished"),
      );
    };
    output.on("drain", onDrain);
    output.on("error", onError);
    output.on("close", onClose);
  });
}
