// `parley`: the command line over the same packages as the web app, for scripts and operators.
// Run it from the repository root as `npm run parley -- <command>`.
import { parseArgs } from "node:util";
import { AppError } from "@parley/generation";
import { ZodError, z } from "zod";
import { runBatchCommand } from "./commands/batch.ts";
import { runConversationsCommand } from "./commands/conversations.ts";
import { runDocumentsCommand } from "./commands/documents.ts";
import { runExportCommand } from "./commands/export.ts";
import { runModelsCommand } from "./commands/models.ts";
import { runPresetsCommand } from "./commands/presets.ts";
import { runReviewCommand } from "./commands/review.ts";
import { runSimulatorCommand } from "./commands/simulator.ts";
import { runWorkerCommand } from "./commands/worker.ts";

const USAGE = `Usage: npm run parley -- <command> [options]

Commands:
  batch create --count N [--tier-split template=0.7,scenario=0.2,edge_case=0.1]
               | --tiers template=7,scenario=2,edge_case=1   (exact counts per tier)
               [--concurrency N|auto] [--error-strategy continue|stop|threshold:N]
               [--priority high|normal|low] [--mode realtime|message-batches]
               [--budget USD] [--name NAME] [--seed N] [--model MODEL] [--turns N]
               [--quality-threshold N] [--judge] [--param name=value ...]
               [--template tier=TEMPLATE_KEY ...] [--accept-unknown-cost]
               [--preset NAME] [--dry-run] [--json]
                                    --preset: start from a saved preset's settings (see
                                    "parley presets list"); the flags given override them
                                    --model: see "parley models"; a deprecated model warns, a
                                    retired or unavailable one is refused; one with no known
                                    price needs --accept-unknown-cost
  batch plan [the flags of batch create] [--out plan.json]
                                    the plan row by row (tier, persona, arc, topic, edge case,
                                    source chunk, ids and names) as a version 1 plan file, to
                                    --out or stdout; creates nothing
  batch create --plan plan.json [settings flags] [--json]
                                    launch exactly the file's rows (one conversation per row, in
                                    order); every bad row is listed and nothing is created; flags
                                    given (--name, --model, --turns, ...) override the file's
                                    settings (estimate --plan prices the file the same way)
  batch create --prompts FILE [--system TEXT | --system-file FILE] [--model MODEL]
               [--max-tokens N] [--concurrency N|auto] [--error-strategy ...] [--budget USD]
               [--name NAME] [--priority ...] [--accept-unknown-cost] [--dry-run] [--json]
                                    a batch of your own prompts: FILE is .jsonl (one
                                    {"prompt", "system"?, "id"?} a line), .csv (a prompt column,
                                    optional system and id) or .txt (one prompt a line, # for
                                    comments); every bad line is named and nothing is created;
                                    up to 10 000 prompts of 50 000 characters; real time only
  batch results <id> [--format json|csv] [--out FILE]
                                    a prompts batch's results: prompt, response, tokens,
                                    duration, cost and error per prompt (stdout without --out)
  batch estimate ...                the same flags as batch create: cost per tier and for the
                                    judge, real time vs Message Batches, caching, and time;
                                    creates nothing (also: batch create --dry-run)
  batch status <id> [--json]        counts by state, cost, timing, output tokens per second
                                    and success rate (succeeded / succeeded + failed)
  batch watch <id>                  a live progress bar until the batch finishes
  batch update <id> [--concurrency N|auto] [--budget USD] [--json]
                                    change a batch's ceiling or budget cap while it runs
  batch pause|resume|cancel <id> [--json]
  batch retry-failed <id> [--new-batch] [--json]
  export [batchId] --out FILE|DIR [--format messages|sharegpt|training_pairs|json|csv|parquet]
               [--batch ID] [--status approved,...] [--tier template,scenario,edge_case]
               [--min-quality N] [--max-quality N] [--persona KEY,...] [--arc KEY,...]
               [--topic KEY,...] [--since DATE] [--until DATE] [--include-duplicates]
               [--include-archived] [--split train=0.8,validation=0.1,test=0.1 [--seed S]]
               [--package folder|zip|tar.gz] [--push-to-hub owner/name [--private|--public]]
               [--system include|fold|omit] [--weights none|all|last] [--no-metadata]
               [--loose-alternation]
                                    all live conversations by default; a split or --package
                                    writes a dataset package (card, quality report, licence);
                                    --push-to-hub reads the token from HF_TOKEN
                                    (and the Hub address from HF_ENDPOINT, if set);
                                    --system fold suits chat templates without a system
                                    role, --no-metadata an OpenAI fine-tuning upload
  documents add FILE [--max-tokens N] [--overlap N] [--title T] [--json]
                                    upload a source document (.md, .txt, .pdf, .html; at most
                                    10 MB) cut into chunks that follow its headings (default 400
                                    tokens, 50 overlap); scenario conversations draw from them
  documents list [--json]           documents with their chunk and conversation counts
  documents chunks <id> [--json]    a document's chunks with their ids and heading paths
  review sample <batchId> [--rate 0.1 | --size N] [--seed S] [--json]
                                    draw the batch's manual review sample: 10 % by default,
                                    stratified by tier, reproducible from the seed it prints
  review sample-status <batchId> [--json]
                                    the latest sample: verdicts, pass rate, per tier and
                                    checklist category, each conversation
  review verdict <batchId> <conversationId> --verdict approved|approved-with-notes|reject
               [--fail ITEM|CATEGORY,...] [--notes TEXT] [--json]
                                    record a sampled conversation's checklist (every item
                                    passes but those --fail names) and verdict; notes are
                                    needed for the last two; the conversation is approved
                                    or rejected with it
  presets list [--json]             the workspace's saved batch presets (made in the wizard)
  conversations archive|restore <id> ... [--json]
                                    take conversations out of the lists, review and exports
                                    (never deleted), or bring them back; ids are UUIDs or
                                    readable ids (fp_<persona>_<###>)
  models [--json]                   the model catalogue: lifecycle, end of life, prices and
                                    where they come from
  worker                            run one more jobs worker (Ctrl-C to stop); without a key it
                                    uses the install's simulator when one runs
  simulator [--port N]              run the install's one simulated Anthropic API (default port
                                    PARLEY_SIMULATOR_PORT or 4010) and print its URL; workers
                                    reach it with ANTHROPIC_BASE_URL=<URL>

The database is DATABASE_URL, else the embedded one in .data/ (shared with npm start).`;

function fail(message: string): never {
  throw new AppError("BAD_REQUEST", message);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      count: { type: "string" },
      concurrency: { type: "string" },
      "error-strategy": { type: "string" },
      priority: { type: "string" },
      mode: { type: "string" },
      budget: { type: "string" },
      name: { type: "string" },
      seed: { type: "string" },
      tiers: { type: "string" },
      "tier-split": { type: "string" },
      model: { type: "string" },
      turns: { type: "string" },
      "quality-threshold": { type: "string" },
      judge: { type: "boolean" },
      "accept-unknown-cost": { type: "boolean" },
      "dry-run": { type: "boolean" },
      plan: { type: "string" },
      param: { type: "string", multiple: true },
      template: { type: "string", multiple: true },
      preset: { type: "string" },
      json: { type: "boolean", default: false },
      "new-batch": { type: "boolean", default: false },
      format: { type: "string" },
      out: { type: "string" },
      status: { type: "string" },
      batch: { type: "string" },
      tier: { type: "string" },
      "min-quality": { type: "string" },
      "max-quality": { type: "string" },
      persona: { type: "string" },
      arc: { type: "string" },
      topic: { type: "string" },
      since: { type: "string" },
      until: { type: "string" },
      "include-duplicates": { type: "boolean" },
      "include-archived": { type: "boolean" },
      split: { type: "string" },
      package: { type: "string" },
      "push-to-hub": { type: "string" },
      system: { type: "string" },
      "system-file": { type: "string" },
      prompts: { type: "string" },
      "max-tokens": { type: "string" },
      weights: { type: "string" },
      "no-metadata": { type: "boolean" },
      "loose-alternation": { type: "boolean" },
      private: { type: "boolean" },
      public: { type: "boolean" },
      port: { type: "string" },
      overlap: { type: "string" },
      title: { type: "string" },
      rate: { type: "string" },
      size: { type: "string" },
      verdict: { type: "string" },
      fail: { type: "string" },
      notes: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case "batch":
      return runBatchCommand(rest, values);
    case "export":
      return runExportCommand(rest, values);
    case "documents":
      return runDocumentsCommand(rest, values);
    case "models":
      return runModelsCommand(values);
    case "review":
      return runReviewCommand(rest, values);
    case "presets":
      return runPresetsCommand(rest, values);
    case "conversations":
      return runConversationsCommand(rest, values);
    case "worker":
      return runWorkerCommand();
    case "simulator":
      return runSimulatorCommand(values.port);
    default:
      fail(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ZodError) {
      process.stderr.write(`parley: ${z.prettifyError(error)}\n`);
    } else if (
      error instanceof AppError ||
      (error instanceof Error &&
        "code" in error &&
        String((error as { code: unknown }).code).startsWith("ERR_PARSE_ARGS"))
    ) {
      process.stderr.write(`parley: ${error.message}\n`);
    } else {
      process.stderr.write(
        `parley: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exit(error instanceof AppError || error instanceof ZodError ? 2 : 1);
  },
);
