import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../schema.ts";
import { createTestDatabase, type TestDatabase } from "../testing/index.ts";
import { listMigrations, migrateToEmpty, migrateToLatest, migrations } from "./index.ts";

// Every column of every table in schema.ts. The mapped type makes the compiler insist this
// list is complete and correct, so comparing it with the database checks schema.ts itself.
const COLUMNS: { [T in keyof DB]: Record<keyof DB[T], true> } = {
  users: {
    id: true,
    name: true,
    email: true,
    emailVerified: true,
    image: true,
    createdAt: true,
    updatedAt: true,
  },
  sessions: {
    id: true,
    userId: true,
    token: true,
    expiresAt: true,
    ipAddress: true,
    userAgent: true,
    createdAt: true,
    updatedAt: true,
  },
  accounts: {
    id: true,
    userId: true,
    accountId: true,
    providerId: true,
    accessToken: true,
    refreshToken: true,
    idToken: true,
    accessTokenExpiresAt: true,
    refreshTokenExpiresAt: true,
    scope: true,
    password: true,
    createdAt: true,
    updatedAt: true,
  },
  verifications: {
    id: true,
    identifier: true,
    value: true,
    expiresAt: true,
    createdAt: true,
    updatedAt: true,
  },
  rate_limits: { id: true, key: true, count: true, lastRequest: true },
  rate_budget_groups: {
    limitGroup: true,
    requestsLimit: true,
    inputTokensLimit: true,
    outputTokensLimit: true,
    requestsLevel: true,
    inputTokensLevel: true,
    outputTokensLevel: true,
    pausedUntil: true,
    updatedAt: true,
  },
  rate_budget_leases: {
    limitGroup: true,
    holder: true,
    requests: true,
    inputTokens: true,
    outputTokens: true,
    expiresAt: true,
  },
  workspaces: {
    id: true,
    name: true,
    slug: true,
    settings: true,
    createdBy: true,
    createdAt: true,
    updatedAt: true,
  },
  workspace_secrets: {
    workspaceId: true,
    name: true,
    ciphertext: true,
    plaintextValue: true,
    lastFour: true,
    endpoint: true,
    updatedAt: true,
    updatedBy: true,
  },
  memberships: {
    id: true,
    workspaceId: true,
    userId: true,
    role: true,
    createdAt: true,
    updatedAt: true,
  },
  invitations: {
    id: true,
    workspaceId: true,
    email: true,
    role: true,
    tokenHash: true,
    invitedBy: true,
    expiresAt: true,
    acceptedAt: true,
    acceptedBy: true,
    revokedAt: true,
    createdAt: true,
  },
  personas: {
    id: true,
    workspaceId: true,
    key: true,
    createdAt: true,
    updatedAt: true,
    retiredAt: true,
    name: true,
    archetype: true,
    description: true,
    background: true,
    traits: true,
    demographics: true,
    communicationStyle: true,
    concerns: true,
  },
  emotional_arcs: {
    id: true,
    workspaceId: true,
    key: true,
    createdAt: true,
    updatedAt: true,
    retiredAt: true,
    name: true,
    arcType: true,
    startEmotion: true,
    endEmotion: true,
    intermediateEmotions: true,
    description: true,
  },
  training_topics: {
    id: true,
    workspaceId: true,
    key: true,
    createdAt: true,
    updatedAt: true,
    retiredAt: true,
    name: true,
    description: true,
    category: true,
  },
  prompt_templates: {
    id: true,
    workspaceId: true,
    key: true,
    createdAt: true,
    updatedAt: true,
    retiredAt: true,
    version: true,
    name: true,
    description: true,
    tier: true,
    body: true,
    variables: true,
    isActive: true,
    createdBy: true,
  },
  edge_cases: {
    id: true,
    workspaceId: true,
    key: true,
    createdAt: true,
    updatedAt: true,
    retiredAt: true,
    name: true,
    description: true,
    category: true,
    personaId: true,
    arcId: true,
    topicId: true,
    expectedBehavior: true,
  },
  source_chunks: {
    id: true,
    workspaceId: true,
    key: true,
    createdAt: true,
    updatedAt: true,
    retiredAt: true,
    title: true,
    content: true,
    sourceDocument: true,
    sourceSection: true,
    topicId: true,
    metadata: true,
  },
  consultant_profiles: {
    id: true,
    workspaceId: true,
    key: true,
    createdAt: true,
    updatedAt: true,
    retiredAt: true,
    name: true,
    business: true,
    expertise: true,
    yearsExperience: true,
    corePhilosophy: true,
    communicationStyle: true,
    systemPrompt: true,
    isDefault: true,
  },
  batch_jobs: {
    id: true,
    workspaceId: true,
    name: true,
    config: true,
    status: true,
    pauseReason: true,
    priority: true,
    concurrency: true,
    errorStrategy: true,
    providerMode: true,
    budgetCapUsd: true,
    totalItems: true,
    queuedItems: true,
    processingItems: true,
    succeededItems: true,
    failedItems: true,
    cancelledItems: true,
    estimatedCostUsd: true,
    actualCostUsd: true,
    estimatedDurationMs: true,
    simulated: true,
    createdBy: true,
    startedAt: true,
    completedAt: true,
    createdAt: true,
    updatedAt: true,
  },
  batch_items: {
    id: true,
    workspaceId: true,
    batchId: true,
    position: true,
    tier: true,
    parameters: true,
    personaId: true,
    arcId: true,
    topicId: true,
    edgeCaseId: true,
    sourceChunkId: true,
    promptTemplateId: true,
    status: true,
    attempts: true,
    attemptsBeforeRetry: true,
    lastError: true,
    errorCode: true,
    conversationId: true,
    providerBatchId: true,
    providerCustomId: true,
    providerRequestId: true,
    leaseToken: true,
    startedAt: true,
    finishedAt: true,
    createdAt: true,
    updatedAt: true,
  },
  provider_batches: {
    id: true,
    workspaceId: true,
    batchId: true,
    provider: true,
    providerBatchId: true,
    status: true,
    requestCount: true,
    succeededCount: true,
    erroredCount: true,
    canceledCount: true,
    expiredCount: true,
    resultsUrl: true,
    error: true,
    submittedAt: true,
    endedAt: true,
    resultLeaseToken: true,
    resultLeaseExpiresAt: true,
    createdAt: true,
    updatedAt: true,
  },
  conversations: {
    id: true,
    workspaceId: true,
    batchId: true,
    batchItemId: true,
    parentId: true,
    version: true,
    status: true,
    tier: true,
    personaId: true,
    arcId: true,
    topicId: true,
    edgeCaseId: true,
    sourceChunkId: true,
    promptTemplateId: true,
    consultantProfileId: true,
    title: true,
    summary: true,
    learningObjective: true,
    parameters: true,
    qualityScore: true,
    qualityMetrics: true,
    duplicateOf: true,
    isHumanEdited: true,
    simulated: true,
    model: true,
    turnCount: true,
    inputTokens: true,
    outputTokens: true,
    cacheCreationTokens: true,
    cacheReadTokens: true,
    costUsd: true,
    errorMessage: true,
    createdBy: true,
    createdAt: true,
    updatedAt: true,
    readableId: true,
    archivedAt: true,
    archivedBy: true,
    archivedFromStatus: true,
    restoredAt: true,
    restoredBy: true,
  },
  batch_presets: {
    id: true,
    workspaceId: true,
    name: true,
    settings: true,
    createdBy: true,
    createdAt: true,
    updatedAt: true,
  },
  conversation_signatures: {
    conversationId: true,
    workspaceId: true,
    signature: true,
    bandKeys: true,
    createdAt: true,
  },
  conversation_turns: {
    id: true,
    conversationId: true,
    turnNumber: true,
    role: true,
    content: true,
    emotion: true,
    phase: true,
    techniques: true,
    tokenCount: true,
    createdAt: true,
    updatedAt: true,
  },
  conversation_reviews: {
    id: true,
    workspaceId: true,
    conversationId: true,
    action: true,
    previousStatus: true,
    newStatus: true,
    notes: true,
    reviewerId: true,
    createdAt: true,
  },
  turn_edits: {
    id: true,
    workspaceId: true,
    conversationId: true,
    turnId: true,
    turnNumber: true,
    previousContent: true,
    newContent: true,
    previousEmotion: true,
    newEmotion: true,
    editorId: true,
    createdAt: true,
  },
  generation_logs: {
    id: true,
    workspaceId: true,
    batchId: true,
    batchItemId: true,
    conversationId: true,
    providerBatchId: true,
    tier: true,
    attempt: true,
    model: true,
    request: true,
    response: true,
    rawText: true,
    inputTokens: true,
    outputTokens: true,
    cacheCreationTokens: true,
    cacheReadTokens: true,
    costUsd: true,
    durationMs: true,
    status: true,
    errorCode: true,
    errorMessage: true,
    requestId: true,
    simulated: true,
    purpose: true,
    createdAt: true,
  },
  exports: {
    id: true,
    workspaceId: true,
    name: true,
    format: true,
    options: true,
    filters: true,
    status: true,
    progress: true,
    rowCount: true,
    bytes: true,
    sha256: true,
    location: true,
    includesSimulated: true,
    error: true,
    createdBy: true,
    startedAt: true,
    completedAt: true,
    createdAt: true,
    updatedAt: true,
    hubUrl: true,
    hubCommit: true,
    selection: true,
  },
  generation_drafts: {
    id: true,
    workspaceId: true,
    status: true,
    input: true,
    result: true,
    error: true,
    errorCode: true,
    attempts: true,
    conversationId: true,
    createdBy: true,
    startedAt: true,
    finishedAt: true,
    createdAt: true,
    updatedAt: true,
  },
  provider_model_lists: { provider: true, models: true, installPrices: true, fetchedAt: true },
};

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase({ migrated: false });
});
afterAll(async () => {
  await testDb?.destroy();
});

async function publicColumns(): Promise<Record<string, string[]>> {
  const { rows } = await sql<{ tableName: string; columnName: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_%'
    order by table_name, column_name
  `.execute(testDb.db);
  const tables: Record<string, string[]> = {};
  for (const row of rows) {
    tables[row.tableName] = [...(tables[row.tableName] ?? []), row.columnName];
  }
  return tables;
}

describe("migrations", () => {
  it("create exactly the tables and columns that schema.ts describes", async () => {
    const ran = await migrateToLatest(testDb.db);
    expect(ran).toEqual(Object.keys(migrations));

    const expected = Object.fromEntries(
      Object.entries(COLUMNS).map(([table, columns]) => [
        table,
        // schema.ts names columns in camelCase; CamelCasePlugin puts an underscore before each
        // capital, so this is the column every query of the app reaches.
        Object.keys(columns)
          .map((column) => column.replace(/[A-Z]/g, (capital) => `_${capital.toLowerCase()}`))
          .sort(),
      ]),
    );
    expect(await publicColumns()).toEqual(expected);
  });

  it("are up to date after running, and a second run does nothing", async () => {
    expect(await migrateToLatest(testDb.db)).toEqual([]);
    const status = await listMigrations(testDb.db);
    expect(status.every((migration) => migration.executedAt instanceof Date)).toBe(true);
  });

  it("revert completely, leaving no tables, triggers or functions behind, and apply again", async () => {
    const reverted = await migrateToEmpty(testDb.db);
    expect(reverted).toEqual(Object.keys(migrations).reverse());
    expect(await publicColumns()).toEqual({});
    const { rows: functions } = await sql<{ proname: string }>`
      select proname from pg_proc where proname like 'parley_%'
    `.execute(testDb.db);
    expect(functions).toEqual([]);

    expect(await migrateToLatest(testDb.db)).toEqual(Object.keys(migrations));
    expect(Object.keys(await publicColumns()).sort()).toEqual(Object.keys(COLUMNS).sort());
  });

  it("enforce the allowed status values and the key format", async () => {
    const workspace = await testDb.db
      .insertInto("workspaces")
      .values({ name: "W", slug: "w" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expect(
      testDb.db
        .insertInto("batch_jobs")
        .values({ workspaceId: workspace.id, name: "b", status: "running" as never })
        .execute(),
    ).rejects.toMatchObject({ code: "23514", constraint: "batch_jobs_status_check" });
    await expect(
      testDb.db
        .insertInto("personas")
        .values({ workspaceId: workspace.id, key: "Not A Slug", name: "x" })
        .execute(),
    ).rejects.toMatchObject({ code: "23514", constraint: "personas_key_format" });
  });
});
