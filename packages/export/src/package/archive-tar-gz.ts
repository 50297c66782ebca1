// Streams a package folder into a .tar.gz (tar-stream + zlib): one file at a time, with
// backpressure from the compressed output back to the file reads.
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { pack } from "tar-stream";
import { ExportError } from "../export-error.ts";
import { MeteredWritable } from "../streams/metered-writable.ts";
import { type ArchiveOptions, type ArchiveResult, archiveEntryName } from "./archive-entry.ts";
import { listPackageFiles } from "./package-files.ts";

export async function tarGzDirectory(
  dir: string,
  outFile: string,
  options: ArchiveOptions = {},
): Promise<ArchiveResult> {
  const root = options.root ?? basename(dir);
  const files = await listPackageFiles(dir);
  const tar = pack();
  const output = new MeteredWritable(createWriteStream(outFile));
  const written = pipeline(tar, createGzip(), output);
  const entries: string[] = [];
  try {
    for (const file of files) {
      const { size, mtime, mode } = await stat(file.absolutePath);
      const name = archiveEntryName(root, file.path);
      const entry = tar.entry({ name, size, mtime, mode, type: "file" });
      await pipeline(createReadStream(file.absolutePath), entry);
      entries.push(name);
    }
    tar.finalize();
    await written;
  } catch (error) {
    tar.destroy(error as Error);
    await written.catch(() => {});
    throw new ExportError(
      "archive_failed",
      `Writing ${outFile} failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { file: outFile, entries, ...output.digest() };
}
