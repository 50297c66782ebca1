// Every procedure of the router fuzzed with inputs generated from its own zod schema (fast-check,
// fixed seeds), as an owner of the workspace and signed out. Target: never a 500, every refusal a
// message a user can act on, no row changed by a refused call, and no secret in any answer,
// error or log line. Rerun one procedure's inputs with the seed its failure prints.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiContext } from "./context.ts";
import {
  type AccessWorld,
  createAccessWorld,
  identifiersOf,
} from "./test-support/access-fixtures.ts";
import { type ApiCaller, type ApiHarness, openApiHarness } from "./test-support/api-harness.ts";
import { outcomeOf, outcomeProblems } from "./test-support/call-outcome.ts";
import { hostileInputs } from "./test-support/hostile-input.ts";
import { callProcedure, listProcedures } from "./test-support/procedure-catalogue.ts";
import { installRowWriteCounter, rowWrites, writesBetween } from "./test-support/row-writes.ts";
import {
  canariesIn,
  canaryCipher,
  captureLogs,
  plantCanariesInEnvironment,
} from "./test-support/secret-canaries.ts";

/** The run's seed; each procedure derives its own from it and its path, so adding one changes no other's inputs. */
const SEED = Number(process.env.PARLEY_FUZZ_SEED ?? 20261206);
/** Inputs per procedure signed in; the bench runs more (PARLEY_FUZZ_RUNS). */
const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 24);
const SIGNED_OUT_RUNS = 4;

function seedFor(path: string): number {
  let hash = SEED;
  for (const char of path) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/** Short enough to read in a failure message, long enough to reproduce by hand. */
function preview(input: unknown): string {
  try {
    const text = JSON.stringify(input, (_key, value) =>
      typeof value === "bigint" ? `${value}n` : typeof value === "symbol" ? String(value) : value,
    );
    return text === undefined ? String(input) : text.slice(0, 300);
  } catch {
    return String(input).slice(0, 300);
  }
}

let harness: ApiHarness;
let world: AccessWorld;
let owner: ApiCaller;
let signedOut: ApiCaller;
let logs: ReturnType<typeof captureLogs>;
let restoreEnvironment: () => void;
const totals = { procedures: 0, inputs: 0, refused: 0 };

beforeAll(async () => {
  restoreEnvironment = plantCanariesInEnvironment();
  logs = captureLogs();
  harness = await openApiHarness({ secrets: canaryCipher() });
  world = await createAccessWorld(harness);
  await installRowWriteCounter(harness.db);
  owner = await harness.callerFor(world.members.owner, world.workspaceA.id);
  signedOut = harness.callerFrom(
    createApiContext(harness.services, { user: null, workspace: null }),
  );
});

afterAll(async () => {
  logs?.stop();
  restoreEnvironment?.();
  console.info(
    `[fuzz] seed ${SEED}: ${totals.procedures} procedures, ${totals.inputs} inputs, ${totals.refused} refused`,
  );
  await harness?.close();
});

describe("every procedure, fuzzed", () => {
  for (const procedure of listProcedures()) {
    it(procedure.path, async () => {
      const ids = [...identifiersOf(world.a, "").filter(Boolean), ...identifiersOf(world.b, "")];
      const seed = seedFor(procedure.path);
      const inputs = fc.sample(hostileInputs(procedure.inputs, { ids }), { seed, numRuns: RUNS });
      const problems: string[] = [];
      // Inputs the procedure's own schema refuses never reach its resolver: they are checked in
      // runs, one reading around each run; any other call gets its own readings.
      let before = await rowWrites(harness.db);
      let unverified: string[] = [];
      const verify = async () => {
        const after = await rowWrites(harness.db);
        const changed = writesBetween(before, after);
        if (changed.length > 0) {
          problems.push(`refused, yet changed ${changed.join(", ")}: ${unverified.join(" | ")}`);
        }
        before = after;
        unverified = [];
      };
      const schemaRefuses = (input: unknown) =>
        procedure.inputs.some((schema) => !schema.safeParse(input).success);

      const send = async (caller: ApiCaller, who: string, input: unknown) => {
        totals.inputs += 1;
        const where = `${who} ${preview(input)}`;
        const reachesResolver = who !== "signed out" && !schemaRefuses(input);
        if (reachesResolver && unverified.length > 0) await verify();
        const outcome = await outcomeOf(() => callProcedure(caller, procedure, input));
        for (const problem of outcomeProblems(outcome)) problems.push(`${where}: ${problem}`);
        if (!outcome.ok) {
          totals.refused += 1;
          unverified.push(where);
        }
        if (reachesResolver) {
          if (outcome.ok) before = await rowWrites(harness.db);
          else await verify();
        }
        return outcome;
      };

      for (const input of inputs) await send(owner, "owner", input);
      for (const input of inputs.slice(0, SIGNED_OUT_RUNS)) {
        const outcome = await send(signedOut, "signed out", input);
        if (outcome.ok || outcome.code !== "UNAUTHORIZED") {
          problems.push(
            `signed out ${preview(input)}: answered ${outcome.ok ? "OK" : outcome.code}`,
          );
        }
      }
      if (unverified.length > 0) await verify();
      totals.procedures += 1;
      expect(problems, `seed ${seed} (PARLEY_FUZZ_SEED=${SEED})`).toEqual([]);
    });
  }

  it("wrote no secret to any log line while it ran", () => {
    expect(canariesIn(logs.lines())).toEqual([]);
  });
});
