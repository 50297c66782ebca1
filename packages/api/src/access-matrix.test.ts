// The access matrix: every procedure of the router × signed out, a forged workspace claim, a
// member of another workspace (with this workspace's ids in every id parameter), and each role of
// the workspace, judged against one table (test-support/access-table.ts). Target: no read or
// write across workspaces, every role refused exactly what the table refuses it, no 500.
import type { MembershipRole } from "@parley/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiContext, type UserRef } from "./context.ts";
import {
  type AccessWorld,
  createAccessWorld,
  identifiersOf,
  WORKSPACE_A_MARKER,
} from "./test-support/access-fixtures.ts";
import { ACCESS_TABLE, type AccessRule } from "./test-support/access-table.ts";
import { type ApiCaller, type ApiHarness, openApiHarness } from "./test-support/api-harness.ts";
import { type CallOutcome, outcomeOf, outcomeProblems } from "./test-support/call-outcome.ts";
import { changedTables, databaseChecksum } from "./test-support/database-checksum.ts";
import { callProcedure, listProcedures } from "./test-support/procedure-catalogue.ts";
import { canaryCipher } from "./test-support/secret-canaries.ts";

const ROLES: MembershipRole[] = ["viewer", "reviewer", "admin", "owner"];
const RANK: Record<MembershipRole, number> = { viewer: 0, reviewer: 1, admin: 2, owner: 3 };

/** A refusal by a procedure gate (trpc.ts), as opposed to one by the domain after it let them in. */
function gateRefusal(outcome: CallOutcome): boolean {
  if (outcome.ok) return false;
  if (outcome.code === "UNAUTHORIZED") return true;
  return (
    outcome.code === "FORBIDDEN" &&
    /^Only .* can do this|not a member of (this|any) workspace/.test(outcome.message)
  );
}

function mayCall(rule: AccessRule, role: MembershipRole): boolean {
  return rule.allow === "signed-in" || RANK[role] >= RANK[rule.allow];
}

function describeOutcome(outcome: CallOutcome): string {
  return outcome.ok ? `OK ${outcome.text.slice(0, 200)}` : `${outcome.code}: ${outcome.message}`;
}

let harness: ApiHarness;
let world: AccessWorld;
/** Built once, as hooks.server.ts would per request; every call still re-checks the membership. */
let callers: Record<MembershipRole | "outsider", ApiCaller>;
let cells = 0;

beforeAll(async () => {
  harness = await openApiHarness({ secrets: canaryCipher() });
  world = await createAccessWorld(harness);
  const inA = (user: UserRef) => harness.callerFor(user, world.workspaceA.id);
  callers = {
    viewer: await inA(world.members.viewer),
    reviewer: await inA(world.members.reviewer),
    admin: await inA(world.members.admin),
    owner: await inA(world.members.owner),
    outsider: await inA(world.outsider),
  };
});

afterAll(async () => {
  console.info(`[access matrix] ${cells} cells checked`);
  await harness?.close();
});

describe("the access table", () => {
  it("has an entry for every procedure of the router, and none for a procedure that is gone", () => {
    const paths = listProcedures().map((procedure) => procedure.path);
    expect(paths.filter((path) => !(path in ACCESS_TABLE))).toEqual([]);
    expect(Object.keys(ACCESS_TABLE).filter((path) => !paths.includes(path))).toEqual([]);
  });
});

describe("every procedure × every caller", () => {
  for (const procedure of listProcedures()) {
    it(procedure.path, async () => {
      const rule = ACCESS_TABLE[procedure.path];
      if (!rule) throw new Error(`${procedure.path} has no entry in test-support/access-table.ts`);
      const input = rule.input(world.a);
      const leaks = identifiersOf(world.a, WORKSPACE_A_MARKER);
      const problems: string[] = [];
      const check = (who: string, outcome: CallOutcome, expectation: string | null) => {
        cells += 1;
        for (const problem of outcomeProblems(outcome)) problems.push(`${who}: ${problem}`);
        if (expectation) problems.push(`${who}: ${expectation}, got ${describeOutcome(outcome)}`);
      };
      const call = (caller: ApiCaller) => outcomeOf(() => callProcedure(caller, procedure, input));
      const leaked = (outcome: CallOutcome) =>
        outcome.ok && !rule.sharedBy && leaks.some((id) => outcome.text.includes(id));

      // Nobody below may change anything in workspace A.
      const before = await databaseChecksum(harness.db, { workspaceId: world.a.workspaceId });

      const signedOut = await call(
        harness.callerFrom(createApiContext(harness.services, { user: null, workspace: null })),
      );
      check(
        "signed out",
        signedOut,
        !signedOut.ok && signedOut.code === "UNAUTHORIZED" ? null : "expected UNAUTHORIZED",
      );

      const forged = await call(
        harness.callerFrom(
          createApiContext(harness.services, { user: world.outsider, workspace: world.workspaceA }),
        ),
      );
      if (rule.allow !== "signed-in") {
        check("forged claim on A", forged, gateRefusal(forged) ? null : "expected FORBIDDEN");
      } else {
        check("forged claim on A", forged, leaked(forged) ? "an answer carrying A's rows" : null);
      }

      const outsider = await call(callers.outsider);
      check(
        "member of another workspace",
        outsider,
        gateRefusal(outsider)
          ? "a gate refusal for an owner of their own workspace"
          : leaked(outsider)
            ? "no row of A in the answer"
            : null,
      );

      let allowedFrom = ROLES.length;
      for (const [index, role] of ROLES.entries()) {
        if (mayCall(rule, role)) {
          allowedFrom = index;
          break;
        }
        const outcome = await call(callers[role]);
        check(role, outcome, gateRefusal(outcome) ? null : `expected the ${rule.allow} gate`);
      }

      const after = await databaseChecksum(harness.db, { workspaceId: world.a.workspaceId });
      const changed = changedTables(before, after);
      if (changed.length > 0) {
        problems.push(`a refused or foreign caller changed A's ${changed.join(", ")}`);
      }

      for (const role of ROLES.slice(allowedFrom)) {
        const outcome = await call(callers[role]);
        check(role, outcome, gateRefusal(outcome) ? `the table lets ${role} call it` : null);
      }
      expect(problems).toEqual([]);
    });
  }
});
