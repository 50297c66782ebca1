import { error } from "@sveltejs/kit";
import { isScaffoldingKind, type ScaffoldingRow } from "#lib/scaffolding-kinds.ts";
import { apiCaller } from "#lib/server/caller.ts";
import type { PageServerLoad } from "./$types";

export const load = (async (event) => {
  const { kind } = event.params;
  if (!isScaffoldingKind(kind)) error(404, "There is no such kind of scaffolding.");
  const includeRetired = event.url.searchParams.get("retired") === "1";
  const { scaffolding } = apiCaller(event);
  const [personas, arcs, topics] = await Promise.all([
    scaffolding.personas.list({ includeRetired: kind === "personas" && includeRetired }),
    scaffolding.arcs.list({ includeRetired: kind === "arcs" && includeRetired }),
    scaffolding.topics.list({ includeRetired: kind === "topics" && includeRetired }),
  ]);
  let rows: ScaffoldingRow[];
  if (kind === "personas") rows = personas;
  else if (kind === "arcs") rows = arcs;
  else if (kind === "topics") rows = topics;
  else if (kind === "edge-cases") rows = await scaffolding.edgeCases.list({ includeRetired });
  else rows = await scaffolding.sourceChunks.list({ includeRetired });
  const names = (items: { id: string; name: string }[]) =>
    items.map(({ id, name }) => ({ id, name }));
  return {
    kind,
    includeRetired,
    rows,
    refs: { personas: names(personas), arcs: names(arcs), topics: names(topics) },
  };
}) satisfies PageServerLoad;
