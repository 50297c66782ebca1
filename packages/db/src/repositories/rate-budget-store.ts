// The shared rate budget on Postgres (generation's RateBudgetStore): every worker on every
// machine exchanges slices with one row of token buckets per limit group, serialised by a row
// lock, timed by the database's clock so machines with skewed clocks agree.
import type {
  BudgetCalibration,
  BudgetExchange,
  BudgetExchangeResult,
  BudgetLimits,
  BudgetUnits,
  RateBudgetStore,
} from "@parley/generation";
import { sql, type Transaction } from "kysely";
import type { Database } from "../index.ts";
import type { DB } from "../schema.ts";

const MINUTE_MS = 60_000;
const UNITS = ["requests", "inputTokens", "outputTokens"] as const;
type Unit = (typeof UNITS)[number];
const COLUMN: Record<Unit, "requests" | "inputTokens" | "outputTokens"> = {
  requests: "requests",
  inputTokens: "inputTokens",
  outputTokens: "outputTokens",
};

interface Buckets {
  limits: BudgetLimits;
  levels: BudgetUnits;
  pausedUntil: number | null;
  now: number;
}

async function ensureGroup(tx: Transaction<DB>, group: string, initial: BudgetLimits) {
  await tx
    .insertInto("rate_budget_groups")
    .values({
      limitGroup: group,
      requestsLimit: initial.requests,
      inputTokensLimit: initial.inputTokens,
      outputTokensLimit: initial.outputTokens,
      requestsLevel: initial.requests,
      inputTokensLevel: initial.inputTokens,
      outputTokensLevel: initial.outputTokens,
      updatedAt: sql<Date>`clock_timestamp()`,
    })
    .onConflict((oc) => oc.column("limitGroup").doNothing())
    .execute();
}

/** Locks the group's row and refills its buckets up to now (continuous, capacity per minute). */
async function lockBuckets(
  tx: Transaction<DB>,
  group: string,
  initial: BudgetLimits,
): Promise<Buckets> {
  await ensureGroup(tx, group, initial);
  const row = await tx
    .selectFrom("rate_budget_groups")
    .selectAll()
    .select([
      sql<number>`extract(epoch from clock_timestamp()) * 1000`.as("nowMs"),
      sql<number>`extract(epoch from updated_at) * 1000`.as("updatedMs"),
    ])
    .where("limitGroup", "=", group)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const now = Number(row.nowMs);
  const elapsed = Math.max(0, now - Number(row.updatedMs));
  const limits = {
    requests: row.requestsLimit,
    inputTokens: row.inputTokensLimit,
    outputTokens: row.outputTokensLimit,
  };
  const refill = (level: number, limit: number) =>
    Math.min(limit, level + (elapsed * limit) / MINUTE_MS);
  return {
    limits,
    levels: {
      requests: refill(row.requestsLevel, limits.requests),
      inputTokens: refill(row.inputTokensLevel, limits.inputTokens),
      outputTokens: refill(row.outputTokensLevel, limits.outputTokens),
    },
    pausedUntil: row.pausedUntil ? row.pausedUntil.getTime() : null,
    now,
  };
}

async function saveBuckets(tx: Transaction<DB>, group: string, buckets: Buckets) {
  await tx
    .updateTable("rate_budget_groups")
    .set({
      requestsLimit: buckets.limits.requests,
      inputTokensLimit: buckets.limits.inputTokens,
      outputTokensLimit: buckets.limits.outputTokens,
      requestsLevel: buckets.levels.requests,
      inputTokensLevel: buckets.levels.inputTokens,
      outputTokensLevel: buckets.levels.outputTokens,
      pausedUntil: buckets.pausedUntil !== null ? new Date(buckets.pausedUntil) : null,
      updatedAt: new Date(buckets.now),
    })
    .where("limitGroup", "=", group)
    .execute();
}

function give(buckets: Buckets, units: BudgetUnits) {
  for (const unit of UNITS) {
    buckets.levels[unit] = Math.min(
      buckets.limits[unit],
      buckets.levels[unit] + Math.max(0, units[unit]),
    );
  }
}

/** Leases whose holder stopped renewing them (a dead worker): what they held comes back. */
async function reclaimExpired(tx: Transaction<DB>, group: string, buckets: Buckets) {
  const expired = await tx
    .deleteFrom("rate_budget_leases")
    .where("limitGroup", "=", group)
    .where("expiresAt", "<", new Date(buckets.now))
    .returning(["requests", "inputTokens", "outputTokens"])
    .execute();
  for (const lease of expired) {
    give(buckets, {
      requests: lease.requests,
      inputTokens: lease.inputTokens,
      outputTokens: lease.outputTokens,
    });
  }
}

/** Milliseconds until every bucket holds `want` (capped at its capacity, as the provider does). */
function waitFor(buckets: Buckets, want: BudgetUnits): number {
  let wait = 0;
  for (const unit of UNITS) {
    const needed = Math.min(want[unit], buckets.limits[unit]);
    if (buckets.levels[unit] >= needed) continue;
    wait = Math.max(
      wait,
      Math.ceil(((needed - buckets.levels[unit]) * MINUTE_MS) / buckets.limits[unit]),
    );
  }
  return wait;
}

export function createRateBudgetStore(db: Database): RateBudgetStore {
  return {
    async exchange(request: BudgetExchange): Promise<BudgetExchangeResult> {
      return db.transaction().execute(async (tx) => {
        const buckets = await lockBuckets(tx, request.group, request.initialLimits);
        await reclaimExpired(tx, request.group, buckets);
        give(buckets, request.give);
        const paused = buckets.pausedUntil !== null && buckets.pausedUntil > buckets.now;
        const wait = paused ? 0 : waitFor(buckets, request.want);
        const granted = !paused && wait === 0;
        if (granted) {
          for (const unit of UNITS) buckets.levels[unit] -= request.want[unit];
        }
        const held = Object.fromEntries(
          UNITS.map((unit) => [
            COLUMN[unit],
            Math.max(0, request.held[unit] + (granted ? request.want[unit] : 0)),
          ]),
        ) as { requests: number; inputTokens: number; outputTokens: number };
        if (held.requests + held.inputTokens + held.outputTokens > 0) {
          const expiresAt = new Date(buckets.now + request.leaseMs);
          await tx
            .insertInto("rate_budget_leases")
            .values({
              limitGroup: request.group,
              holder: request.holder,
              ...held,
              expiresAt: expiresAt,
            })
            .onConflict((oc) =>
              oc.columns(["limitGroup", "holder"]).doUpdateSet({ ...held, expiresAt: expiresAt }),
            )
            .execute();
        } else {
          await tx
            .deleteFrom("rate_budget_leases")
            .where("limitGroup", "=", request.group)
            .where("holder", "=", request.holder)
            .execute();
        }
        await saveBuckets(tx, request.group, buckets);
        return {
          granted,
          waitMs: wait,
          limits: buckets.limits,
          pausedUntil: paused ? buckets.pausedUntil : null,
        };
      });
    },

    async calibrate({ group, initialLimits, limits }: BudgetCalibration): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const buckets = await lockBuckets(tx, group, initialLimits);
        for (const unit of UNITS) {
          const seen = limits[unit];
          if (!seen || !(seen.limit > 0)) continue;
          // A raised limit is usable at once; a lowered one caps what is left.
          const growth = seen.limit - buckets.limits[unit];
          buckets.limits[unit] = seen.limit;
          buckets.levels[unit] = Math.min(seen.limit, buckets.levels[unit] + Math.max(0, growth));
          // The provider counts every caller of the organisation's key; never raise from it
          // (its figure is older than our row), but lower: someone spent what we did not see.
          buckets.levels[unit] = Math.min(buckets.levels[unit], seen.remaining);
        }
        await saveBuckets(tx, group, buckets);
      });
    },

    async pause(group: string, untilMs: number, initialLimits: BudgetLimits): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const buckets = await lockBuckets(tx, group, initialLimits);
        buckets.pausedUntil = Math.max(buckets.pausedUntil ?? 0, untilMs);
        await saveBuckets(tx, group, buckets);
      });
    },

    async release(holder: string, returned: ReadonlyMap<string, BudgetUnits>): Promise<void> {
      for (const [group, units] of returned) {
        await db.transaction().execute(async (tx) => {
          const row = await tx
            .selectFrom("rate_budget_groups")
            .select("limitGroup")
            .where("limitGroup", "=", group)
            .executeTakeFirst();
          if (!row) return;
          const buckets = await lockBuckets(tx, group, {
            requests: 1,
            inputTokens: 1,
            outputTokens: 1,
          });
          give(buckets, units);
          await tx
            .deleteFrom("rate_budget_leases")
            .where("limitGroup", "=", group)
            .where("holder", "=", holder)
            .execute();
          await saveBuckets(tx, group, buckets);
        });
      }
    },
  };
}
