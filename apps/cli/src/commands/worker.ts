// `parley worker`: one more jobs worker on the same database; several share the work.
import { startWorker } from "@parley/jobs";
import { openCliContext } from "../context.ts";

const log = (message: string) => process.stderr.write(`[worker] ${message}\n`);

export async function runWorkerCommand(): Promise<number> {
  const ctx = await openCliContext(log);
  const worker = await startWorker({ databaseUrl: ctx.databaseUrl, log });
  log(`worker running (${worker.providerLabel}); Ctrl-C to stop`);
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  log("stopping: finishing the items in flight");
  await worker.stop();
  await ctx.close();
  return 0;
}
