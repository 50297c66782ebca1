// `parley simulator [--port N]`: the install's one simulated Anthropic server. Every worker
// that reaches it (ANTHROPIC_BASE_URL=<its URL>, any key or none) shares its organisation-wide
// limits (PARLEY_SIM_RPM/ITPM/OTPM); GET <url>/_simulator/stats shows what it saw.

import { AppError } from "@parley/generation";
import { installSimulatorUrl, startInstallSimulator } from "@parley/simulator";
import { cliEnv } from "../env.ts";

const log = (message: string) => process.stderr.write(`[simulator] ${message}\n`);

export async function runSimulatorCommand(portFlag: string | undefined): Promise<number> {
  const port =
    portFlag === undefined
      ? Number(new URL(installSimulatorUrl(cliEnv().raw)).port)
      : Number(portFlag);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new AppError(
      "BAD_REQUEST",
      `--port must be a port number from 0 to 65535 (got "${portFlag}")`,
    );
  }
  const simulator = await startInstallSimulator(cliEnv().raw, port);
  const { limits } = simulator.stats;
  process.stdout.write(`${simulator.url}\n`);
  log(
    `simulated Anthropic API at ${simulator.url}: ${limits.requestsPerMinute} requests, ${limits.inputTokensPerMinute} input and ${limits.outputTokensPerMinute} output tokens a minute for all its clients`,
  );
  log(
    `workers: ANTHROPIC_BASE_URL=${simulator.url}; counters: ${simulator.url}/_simulator/stats; Ctrl-C to stop`,
  );
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await simulator.close();
  return 0;
}
