// Plan files at the largest batch (10 000 rows): how long planning one, checking it row by row,
// pricing it and launching it take, and how big the file is, on a throwaway embedded Postgres
// seeded with the reference scaffolding. Verifies the batch's items are the rows, in order.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  createDb,
  createWorkspace,
  findRepoRoot,
  migrateToLatest,
  seedReferenceScaffolding,
  startDatabase,
} from "@parley/db";
import { checkPlanRows } from "@parley/generation";
import {
  createBatchFromPlan,
  loadPlanReferences,
  openQueue,
  planBatchFile,
  previewPlanFile,
} from "@parley/queue";

const ROWS = Number(process.env.BENCH_PLAN_ROWS ?? 10_000);
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await run();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const root = findRepoRoot();
const workDir = join(root, ".data", `bench-plan-file-${process.pid}`);
await mkdir(workDir, { recursive: true });
const database = await startDatabase({
  rootDir: root,
  dataDir: join(workDir, "postgres"),
  databaseName: "parley_bench",
  durable: false,
  ephemeral: true,
  log,
});
const db = createDb(database.url, { applicationName: "parley-bench" });
const queue = await openQueue({ databaseUrl: database.url, role: "producer" });
try {
  await migrateToLatest(db);
  const workspace = await createWorkspace(db, { name: "Bench" });
  await seedReferenceScaffolding(db, { workspaceId: workspace.id });
  const launch = { workspaceId: workspace.id, simulated: true };

  const planned = await timed(() =>
    planBatchFile(db, { ...launch, input: { count: ROWS, seed: 1 } }),
  );
  const { file } = planned.value;
  const json = JSON.stringify(file);
  const references = await loadPlanReferences(db, { workspaceId: workspace.id });
  const checked = await timed(() => checkPlanRows(file.rows, references));
  if (checked.value.problems.length > 0) throw new Error("the planner's own plan has bad rows");
  const priced = await timed(() => previewPlanFile(db, { ...launch, file }));
  const created = await timed(() => createBatchFromPlan(db, queue, { ...launch, file }));

  const items = await db
    .selectFrom("batch_items")
    .select(["tier", "personaId", "arcId", "topicId", "edgeCaseId", "sourceChunkId"])
    .where("batchId", "=", created.value.id)
    .orderBy("position")
    .execute();
  const exact =
    items.length === file.rows.length &&
    items.every((item, index) => {
      const row = file.rows[index];
      return (
        row !== undefined &&
        item.tier === row.tier &&
        item.personaId === row.personaId &&
        item.arcId === row.arcId &&
        item.topicId === row.topicId &&
        item.edgeCaseId === row.edgeCaseId &&
        item.sourceChunkId === row.sourceChunkId
      );
    });

  const results = {
    date: new Date().toISOString().slice(0, 10),
    rows: ROWS,
    fileBytes: Buffer.byteLength(json),
    planSeconds: planned.seconds,
    checkRowsSeconds: checked.seconds,
    checkAndPriceSeconds: priced.seconds,
    createSeconds: created.seconds,
    itemsEqualRows: exact,
  };
  await writeFile(
    join(import.meta.dirname, "plan-file.results.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  if (!exact) process.exitCode = 1;
} finally {
  await queue.stop({ graceful: false });
  await db.destroy();
  await database.stop();
  await rm(workDir, { recursive: true, force: true });
}
