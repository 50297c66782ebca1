// `parley worker`: one more jobs worker on the same database; several share the work.
import { startWorker } from "@parley/jobs";
import { findRunningSimulator, installSimulatorUrl } from "@parley/simulator";
import { openCliContext } from "../context.ts";
import { cliEnv } from "../env.ts";

const log = (message: string) => process.stderr.write(`[worker] ${message}\n`);

export async function runWorkerCommand(): Promise<number> {
  const ctx = await openCliContext(log);
  // Without a key, the install's simulator (npm start's or `parley simulator`'s) if one runs,
  // so this worker shares its organisation-wide limits; else one of its own.
  const env = { ...cliEnv().raw };
  if (!env.ANTHROPIC_API_KEY && !env.ANTHROPIC_BASE_URL) {
    const shared = await findRunningSimulator(installSimulatorUrl(env));
    if (shared) env.ANTHROPIC_BASE_URL = shared;
  }
  const worker = await startWorker({ databaseUrl: ctx.databaseUrl, log, env });
  log(
    `worker running (${worker.providerLabel}${worker.simulatorUrl ? ` at ${worker.simulatorUrl}` : ""}); Ctrl-C to stop`,
  );
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  log("stopping: finishing the items in flight");
  await worker.stop();
  await ctx.close();
  return 0;
}
