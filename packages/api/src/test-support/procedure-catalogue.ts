// Every procedure of the app, read from the router itself at run time (so a procedure added
// tomorrow is fuzzed and must be listed in the access table without anyone editing a list), and
// one way to call any of them by its path.
import type { z } from "zod";
import { appRouter } from "../root.ts";
import type { ApiCaller } from "./api-harness.ts";

export type ProcedureType = "query" | "mutation" | "subscription";

export interface ProcedureInfo {
  /** Dotted path as the client names it: "scaffolding.personas.create". */
  path: string;
  type: ProcedureType;
  /** The procedure's own input schema(s), merged by tRPC in order; empty when it takes none. */
  inputs: z.ZodType[];
}

interface ProcedureDef {
  _def: { type: ProcedureType; inputs: unknown[] };
}

export function listProcedures(): ProcedureInfo[] {
  // Typed as the nested router, but at run time a flat map from dotted path to procedure.
  const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;
  return Object.entries(procedures)
    .map(([path, procedure]) => ({
      path,
      type: procedure._def.type,
      inputs: procedure._def.inputs as z.ZodType[],
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

type Callable = (input: unknown) => Promise<unknown>;

/**
 * Calls `path` as `caller`. A subscription is opened, its first value read, and then closed, so
 * it answers like a query (its gates and input checks run before the first value).
 */
export async function callProcedure(
  caller: ApiCaller,
  info: Pick<ProcedureInfo, "path" | "type">,
  input: unknown,
): Promise<unknown> {
  let target: unknown = caller;
  for (const key of info.path.split(".")) target = (target as Record<string, unknown>)[key];
  const result = await (target as Callable)(input);
  if (info.type !== "subscription") return result;
  const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  try {
    const first = await iterator.next();
    return first.value;
  } finally {
    await iterator.return?.();
  }
}
