// `parley export` flags → a validated export request. Pure (no database): scaffolding keys are
// resolved to ids by the command. A bad flag becomes one line naming the flag and the fix.
import { CONVERSATION_STATUSES, type ConversationStatus, TIERS, type Tier } from "@parley/db";
import { AppError } from "@parley/generation";
import {
  type ExportFilters,
  type ExportRunOptions,
  exportFiltersSchema,
  exportFormatSchema,
  exportRunOptionsSchema,
  PACKAGE_KINDS,
} from "@parley/queue";
import { z } from "zod";
import type { CliOptions } from "../cli-options.ts";

export interface ExportCommandRequest {
  format: z.infer<typeof exportFormatSchema>;
  /** Absent only when pushing to the Hub (the package is then built in a temporary folder). */
  out: string | undefined;
  filters: ExportFilters;
  options: ExportRunOptions;
  /** Scaffolding keys, resolved to ids against the workspace. */
  keys: { personas: string[]; arcs: string[]; topics: string[] };
}

const list = (value: unknown) =>
  typeof value === "string"
    ? value
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)
    : [];

/** A date (2026-11-01, read as UTC midnight) or a full ISO timestamp. */
const dateFlag = z
  .string()
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}([T ].+)?$/.test(value) && !Number.isNaN(Date.parse(value)),
    {
      message: "use a date like 2026-11-01 or an ISO timestamp",
    },
  )
  .transform((value) => new Date(value).toISOString());

const qualityFlag = z.coerce
  .number({ message: "must be a number from 0 to 10" })
  .min(0, "must be a number from 0 to 10")
  .max(10, "must be a number from 0 to 10");

/** "train=0.8,validation=0.1,test=0.1"; unnamed splits get 0. */
function parseSplit(value: string): { train: number; validation: number; test: number } {
  const ratios = { train: 0, validation: 0, test: 0 };
  for (const part of list(value)) {
    const [name, share] = part.split("=");
    if (name !== "train" && name !== "validation" && name !== "test") {
      throw new AppError(
        "BAD_REQUEST",
        `--split: unknown split "${name}"; use train=0.8,validation=0.1,test=0.1`,
      );
    }
    const number = Number(share);
    if (share === undefined || share === "" || !Number.isFinite(number) || number < 0) {
      throw new AppError("BAD_REQUEST", `--split: "${part}" needs a ratio like ${name}=0.1`);
    }
    ratios[name] = number;
  }
  const total = ratios.train + ratios.validation + ratios.test;
  if (Math.abs(total - 1) > 1e-6) {
    throw new AppError("BAD_REQUEST", `--split: the ratios add up to ${total}, not 1`);
  }
  return ratios;
}

function oneOf<T extends string>(flag: string, values: string[], allowed: readonly T[]): T[] {
  for (const value of values) {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new AppError(
        "BAD_REQUEST",
        `${flag}: unknown value "${value}"; use one or more of ${allowed.join(", ")}`,
      );
    }
  }
  return values as T[];
}

/** The first zod issue as "--flag: message". */
function flagError(flag: string, error: z.ZodError): AppError {
  return new AppError("BAD_REQUEST", `${flag}: ${error.issues[0]?.message ?? "invalid value"}`);
}

function parseFlag<T>(flag: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw flagError(flag, parsed.error);
  return parsed.data;
}

export function parseExportCommand(args: string[], flags: CliOptions): ExportCommandRequest {
  if (args.length > 1) {
    throw new AppError("BAD_REQUEST", `export takes at most one batch id, got "${args.join(" ")}"`);
  }
  const positional = args[0];
  const flagBatch = typeof flags.batch === "string" ? flags.batch : undefined;
  if (positional && flagBatch && positional !== flagBatch) {
    throw new AppError(
      "BAD_REQUEST",
      "Give the batch either as an argument or with --batch, not both",
    );
  }
  const batchId = parseFlag(
    "--batch",
    z.uuid("must be a batch id (a UUID)").optional(),
    positional ?? flagBatch,
  );
  const format = parseFlag(
    "--format",
    z.enum(exportFormatSchema.options, {
      message: `use one of ${exportFormatSchema.options.join(", ")}`,
    }),
    flags.format ?? "messages",
  );

  let statuses: ConversationStatus[] | undefined = flags.status
    ? oneOf("--status", list(flags.status), CONVERSATION_STATUSES)
    : undefined;
  if (flags["include-archived"]) {
    statuses = statuses
      ? [...new Set([...statuses, "archived" as const])]
      : [...CONVERSATION_STATUSES];
  }
  const tiers: Tier[] | undefined = flags.tier
    ? oneOf("--tier", list(flags.tier), TIERS)
    : undefined;
  const minQuality =
    flags["min-quality"] !== undefined
      ? parseFlag("--min-quality", qualityFlag, flags["min-quality"])
      : undefined;
  const maxQuality =
    flags["max-quality"] !== undefined
      ? parseFlag("--max-quality", qualityFlag, flags["max-quality"])
      : undefined;
  const since = flags.since !== undefined ? parseFlag("--since", dateFlag, flags.since) : undefined;
  const until = flags.until !== undefined ? parseFlag("--until", dateFlag, flags.until) : undefined;

  const filtersResult = exportFiltersSchema.safeParse({
    ...(statuses ? { statuses } : {}),
    ...(tiers ? { tiers } : {}),
    ...(batchId ? { batchId } : {}),
    ...(minQuality !== undefined ? { minQuality } : {}),
    ...(maxQuality !== undefined ? { maxQuality } : {}),
    ...(since ? { createdAfter: since } : {}),
    ...(until ? { createdBefore: until } : {}),
    ...(flags["include-duplicates"] ? { includeDuplicates: true } : {}),
  });
  if (!filtersResult.success) {
    const issue = filtersResult.error.issues[0];
    const flag = issue?.path[0] === "createdAfter" ? "--since" : "--min-quality";
    throw new AppError("BAD_REQUEST", `${flag}: ${issue?.message ?? "invalid value"}`);
  }

  if (flags.private && flags.public) {
    throw new AppError("BAD_REQUEST", "--private and --public contradict each other; pick one");
  }
  const hubRepo = typeof flags["push-to-hub"] === "string" ? flags["push-to-hub"] : undefined;
  if ((flags.private || flags.public) && !hubRepo) {
    throw new AppError(
      "BAD_REQUEST",
      "--private/--public only apply with --push-to-hub owner/name",
    );
  }
  if (flags.seed !== undefined && flags.split === undefined) {
    throw new AppError("BAD_REQUEST", "--seed only applies with --split");
  }
  const packageKind =
    flags.package !== undefined
      ? parseFlag(
          "--package",
          z.enum(PACKAGE_KINDS, { message: `use one of ${PACKAGE_KINDS.join(", ")}` }),
          flags.package,
        )
      : undefined;
  const split =
    typeof flags.split === "string"
      ? {
          ratios: parseSplit(flags.split),
          ...(typeof flags.seed === "string" ? { seed: flags.seed } : {}),
        }
      : undefined;
  const systemMode =
    flags.system !== undefined
      ? parseFlag(
          "--system",
          z.enum(["include", "fold", "omit"], { message: "use include, fold or omit" }),
          flags.system,
        )
      : undefined;
  const assistantWeights =
    flags.weights !== undefined
      ? parseFlag(
          "--weights",
          z.enum(["none", "all", "last"], { message: "use none, all or last" }),
          flags.weights,
        )
      : undefined;
  const optionsResult = exportRunOptionsSchema.safeParse({
    ...(systemMode ? { systemMode } : {}),
    ...(assistantWeights ? { assistantWeights } : {}),
    ...(flags["no-metadata"] ? { includeMetadata: false } : {}),
    ...(flags["loose-alternation"] ? { strictAlternation: false } : {}),
    ...(split ? { split } : {}),
    ...(packageKind ? { package: packageKind } : {}),
    ...(hubRepo ? { hub: { repo: hubRepo, private: !flags.public } } : {}),
  });
  if (!optionsResult.success) {
    const issue = optionsResult.error.issues[0];
    const flag =
      issue?.path[0] === "hub" ? "--push-to-hub" : `--${String(issue?.path[0] ?? "split")}`;
    throw new AppError("BAD_REQUEST", `${flag}: ${issue?.message ?? "invalid value"}`);
  }

  const out = typeof flags.out === "string" && flags.out !== "" ? flags.out : undefined;
  if (!out && !hubRepo) {
    throw new AppError("BAD_REQUEST", "--out FILE is required (or --push-to-hub owner/name)");
  }
  return {
    format,
    out,
    filters: filtersResult.data,
    options: optionsResult.data,
    keys: { personas: list(flags.persona), arcs: list(flags.arc), topics: list(flags.topic) },
  };
}
