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
const COLUMN: Record<Unit, "requests" | "input_tokens" | "output_tokens"> = {
  requests: "requests",
  inputTokens: "input_tokens",
  outputTokens: "output_tokens",
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
      limit_group: group,
      requests_limit: initial.requests,
      input_tokens_limit: initial.inputTokens,
      output_tokens_limit: initial.outputTokens,
      requests_level: initial.requests,
      input_tokens_level: initial.inputTokens,
      output_tokens_level: initial.outputTokens,
      updated_at: sql<Date>`clock_timestamp()`,
    })
    .onConflict((oc) => oc.column("limit_group").doNothing())
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
      sql<number>`extract(epoch from clock_timestamp()) * 1000`.as("now_ms"),
      sql<number>`extract(epoch from updated_at) * 1000`.as("updated_ms"),
    ])
    .where("limit_group", "=", group)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const now = Number(row.now_ms);
  const elapsed = Math.max(0, now - Number(row.updated_ms));
  const limits = {
    requests: row.requests_limit,
    inputTokens: row.input_tokens_limit,
    outputTokens: row.output_tokens_limit,
  };
  const refill = (level: number, limit: number) =>
    Math.min(limit, level + (elapsed * limit) / MINUTE_MS);
  return {
    limits,
    levels: {
      requests: refill(row.requests_level, limits.requests),
      inputTokens: refill(row.input_tokens_level, limits.inputTokens),
      outputTokens: refill(row.output_tokens_level, limits.outputTokens),
    },
    pausedUntil: row.paused_until ? row.paused_until.getTime() : null,
    now,
  };
}

async function saveBuckets(tx: Transaction<DB>, group: string, buckets: Buckets) {
  await tx
    .updateTable("rate_budget_groups")
    .set({
      requests_limit: buckets.limits.requests,
      input_tokens_limit: buckets.limits.inputTokens,
      output_tokens_limit: buckets.limits.outputTokens,
      requests_level: buckets.levels.requests,
      input_tokens_level: buckets.levels.inputTokens,
      output_tokens_level: buckets.levels.outputTokens,
      paused_until: buckets.pausedUntil !== null ? new Date(buckets.pausedUntil) : null,
      updated_at: new Date(buckets.now),
    })
    .where("limit_group", "=", group)
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
    .where("limit_group", "=", group)
    .where("expires_at", "<", new Date(buckets.now))
    .returning(["requests", "input_tokens", "output_tokens"])
    .execute();
  for (const lease of expired) {
    give(buckets, {
      requests: lease.requests,
      inputTokens: lease.input_tokens,
      outputTokens: lease.output_tokens,
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
        ) as { requests: number; input_tokens: number; output_tokens: number };
        if (held.requests + held.input_tokens + held.output_tokens > 0) {
          const expiresAt = new Date(buckets.now + request.leaseMs);
          await tx
            .insertInto("rate_budget_leases")
            .values({
              limit_group: request.group,
              holder: request.holder,
              ...held,
              expires_at: expiresAt,
            })
            .onConflict((oc) =>
              oc.columns(["limit_group", "holder"]).doUpdateSet({ ...held, expires_at: expiresAt }),
            )
            .execute();
        } else {
          await tx
            .deleteFrom("rate_budget_leases")
            .where("limit_group", "=", request.group)
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
            .select("limit_group")
            .where("limit_group", "=", group)
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
            .where("limit_group", "=", group)
            .where("holder", "=", holder)
            .execute();
          await saveBuckets(tx, group, buckets);
        });
      }
    },
  };
}
