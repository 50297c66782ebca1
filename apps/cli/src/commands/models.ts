// `parley models`: the model catalogue the CLI and the web app offer, with each model's
// lifecycle, end of life, prices and where the prices come from.
import { loadModelCatalogue } from "@parley/queue";
import type { CliOptions } from "../cli-options.ts";
import { openCliContext } from "../context.ts";
import { cliEnv } from "../env.ts";

const log = (message: string) => process.stderr.write(`[parley] ${message}\n`);

export async function runModelsCommand(options: CliOptions): Promise<number> {
  const ctx = await openCliContext(log);
  try {
    const catalogue = await loadModelCatalogue(ctx.db, {
      workspaceId: ctx.workspaceId,
      simulated: cliEnv().provider.simulated,
      installPrices: cliEnv().installPrices,
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(catalogue, null, 2)}\n`);
      return 0;
    }
    const lines = catalogue.models.map((model) => {
      const price = model.price
        ? `$${model.price.inputPerMTok}/$${model.price.outputPerMTok} per MTok (${model.priceSource})`
        : "price unknown";
      const state =
        model.lifecycle === "active"
          ? model.available === false
            ? "not available to this account"
            : "active"
          : `${model.lifecycle}${model.retiresOn ? `, end of life ${model.retiresOn}` : ""}`;
      const mark = model.id === catalogue.defaultModel ? " (default)" : "";
      return `${model.id.padEnd(28)} ${model.displayName}${mark} · ${state} · ${price}`;
    });
    process.stdout.write(
      `${lines.join("\n")}\nPublished prices: ${catalogue.prices.source}, checked ${catalogue.prices.checkedOn}.${catalogue.fromModelsApi ? "" : " The account's model list is not known yet (a worker reads it when it starts)."}\n`,
    );
    return 0;
  } finally {
    await ctx.close();
  }
}
