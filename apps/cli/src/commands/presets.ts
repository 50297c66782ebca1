// `parley presets list`: the workspace's saved batch presets (made in the web wizard), for
// `parley batch create --preset NAME`.
import { listPresets } from "@parley/queue";
import type { CliOptions } from "../cli-options.ts";
import { openCliContext } from "../context.ts";
import { describePreset } from "./preset-summary.ts";

const log = (message: string) => process.stderr.write(`[parley] ${message}\n`);

export async function runPresetsCommand(args: string[], options: CliOptions): Promise<number> {
  const [action] = args;
  if (action !== "list") {
    process.stderr.write(
      'parley: presets: the action is "list" (npm run parley -- presets list)\n',
    );
    return 2;
  }
  const ctx = await openCliContext(log);
  try {
    const presets = await listPresets(ctx.db, { workspaceId: ctx.workspaceId });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(presets, null, 2)}\n`);
    } else if (presets.length === 0) {
      process.stdout.write("No presets yet: save one from the batch wizard in the web app.\n");
    } else {
      for (const preset of presets) {
        process.stdout.write(`${preset.name}\t${describePreset(preset.settings)}\n`);
      }
    }
    return 0;
  } finally {
    await ctx.close();
  }
}
