// Streams a package folder into a .zip (yazl): files are read one at a time as the archive is
// written, so a multi-gigabyte package never sits in memory.
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ZipFile } from "yazl";
import { ExportError } from "../export-error.ts";
import { MeteredWritable } from "../streams/metered-writable.ts";
import { type ArchiveOptions, type ArchiveResult, archiveEntryName } from "./archive-entry.ts";
import { listPackageFiles } from "./package-files.ts";

export async function zipDirectory(
  dir: string,
  outFile: string,
  options: ArchiveOptions = {},
): Promise<ArchiveResult> {
  const root = options.root ?? basename(dir);
  const files = await listPackageFiles(dir);
  const zip = new ZipFile();
  const entries: string[] = [];
  for (const file of files) {
    const { mtime, mode } = await stat(file.absolutePath);
    const name = archiveEntryName(root, file.path);
    // addFile opens each file only when its turn comes, keeping memory flat.
    zip.addFile(file.absolutePath, name, { mtime, mode });
    entries.push(name);
  }
  zip.end();
  const output = new MeteredWritable(createWriteStream(outFile));
  try {
    await pipeline(Readable.from(zip.outputStream as AsyncIterable<Buffer>), output);
  } catch (error) {
    throw new ExportError(
      "archive_failed",
      `Writing ${outFile} failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { file: outFile, entries, ...output.digest() };
}
