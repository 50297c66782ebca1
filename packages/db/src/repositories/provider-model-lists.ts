// The account's model list (Models API answer) and install prices the worker saw last; read by
// the web app and the CLI to build the model catalogue.
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

type Database = Kysely<DB>;

import { jsonb } from "../jsonb.ts";

export type ModelListProvider = "anthropic" | "simulated";

export interface ProviderModelList {
  provider: ModelListProvider;
  models: unknown[];
  installPrices: Record<string, unknown>;
  fetchedAt: Date;
}

export async function saveProviderModelList(
  db: Database,
  options: {
    provider: ModelListProvider;
    models: unknown[];
    installPrices: Record<string, unknown>;
  },
): Promise<void> {
  const values = {
    provider: options.provider,
    models: jsonb(options.models),
    installPrices: jsonb(options.installPrices),
  };
  await db
    .insertInto("provider_model_lists")
    .values(values)
    .onConflict((oc) =>
      oc.column("provider").doUpdateSet({
        models: values.models,
        installPrices: values.installPrices,
        fetchedAt: new Date(),
      }),
    )
    .execute();
}

export async function findProviderModelList(
  db: Database,
  options: { provider: ModelListProvider },
): Promise<ProviderModelList | null> {
  const row = await db
    .selectFrom("provider_model_lists")
    .selectAll()
    .where("provider", "=", options.provider)
    .executeTakeFirst();
  if (!row) return null;
  return {
    provider: row.provider,
    models: row.models,
    installPrices: row.installPrices,
    fetchedAt: row.fetchedAt,
  };
}
