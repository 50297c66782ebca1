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
    email_verified: true,
    image: true,
    created_at: true,
    updated_at: true,
  },
  sessions: {
    id: true,
    user_id: true,
    token: true,
    expires_at: true,
    ip_address: true,
    user_agent: true,
    created_at: true,
    updated_at: true,
  },
  accounts: {
    id: true,
    user_id: true,
    account_id: true,
    provider_id: true,
    access_token: true,
    refresh_token: true,
    id_token: true,
    access_token_expires_at: true,
    refresh_token_expires_at: true,
    scope: true,
    password: true,
    created_at: true,
    updated_at: true,
  },
  verifications: {
    id: true,
    identifier: true,
    value: true,
    expires_at: true,
    created_at: true,
    updated_at: true,
  },
  rate_limits: { id: true, key: true, count: true, last_request: true },
  rate_budget_groups: {
    limit_group: true,
    requests_limit: true,
    input_tokens_limit: true,
    output_tokens_limit: true,
    requests_level: true,
    input_tokens_level: true,
    output_tokens_level: true,
    paused_until: true,
    updated_at: true,
  },
  rate_budget_leases: {
    limit_group: true,
    holder: true,
    requests: true,
    input_tokens: true,
    output_tokens: true,
    expires_at: true,
  },
  workspaces: {
    id: true,
    name: true,
    slug: true,
    settings: true,
    created_by: true,
    created_at: true,
    updated_at: true,
  },
  workspace_secrets: {
    workspace_id: true,
    name: true,
    ciphertext: true,
    plaintext_value: true,
    last_four: true,
    endpoint: true,
    updated_at: true,
    updated_by: true,
  },
  memberships: {
    id: true,
    workspace_id: true,
    user_id: true,
    role: true,
    created_at: true,
    updated_at: true,
  },
  invitations: {
    id: true,
    workspace_id: true,
    email: true,
    role: true,
    token_hash: true,
    invited_by: true,
    expires_at: true,
    accepted_at: true,
    accepted_by: true,
    revoked_at: true,
    created_at: true,
  },
  personas: {
    id: true,
    workspace_id: true,
    key: true,
    created_at: true,
    updated_at: true,
    retired_at: true,
    name: true,
    archetype: true,
    description: true,
    background: true,
    traits: true,
    demographics: true,
    communication_style: true,
    concerns: true,
  },
  emotional_arcs: {
    id: true,
    workspace_id: true,
    key: true,
    created_at: true,
    updated_at: true,
    retired_at: true,
    name: true,
    arc_type: true,
    start_emotion: true,
    end_emotion: true,
    intermediate_emotions: true,
    description: true,
  },
  training_topics: {
    id: true,
    workspace_id: true,
    key: true,
    created_at: true,
    updated_at: true,
    retired_at: true,
    name: true,
    description: true,
    category: true,
  },
  prompt_templates: {
    id: true,
    workspace_id: true,
    key: true,
    created_at: true,
    updated_at: true,
    retired_at: true,
    version: true,
    name: true,
    description: true,
    tier: true,
    body: true,
    variables: true,
    is_active: true,
    created_by: true,
  },
  edge_cases: {
    id: true,
    workspace_id: true,
    key: true,
    created_at: true,
    updated_at: true,
    retired_at: true,
    name: true,
    description: true,
    category: true,
    persona_id: true,
    arc_id: true,
    topic_id: true,
    expected_behavior: true,
  },
  source_chunks: {
    id: true,
    workspace_id: true,
    key: true,
    created_at: true,
    updated_at: true,
    retired_at: true,
    title: true,
    content: true,
    source_document: true,
    source_section: true,
    topic_id: true,
    metadata: true,
  },
  consultant_profiles: {
    id: true,
    workspace_id: true,
    key: true,
    created_at: true,
    updated_at: true,
    retired_at: true,
    name: true,
    business: true,
    expertise: true,
    years_experience: true,
    core_philosophy: true,
    communication_style: true,
    system_prompt: true,
    is_default: true,
  },
  batch_jobs: {
    id: true,
    workspace_id: true,
    name: true,
    config: true,
    status: true,
    pause_reason: true,
    priority: true,
    concurrency: true,
    error_strategy: true,
    provider_mode: true,
    budget_cap_usd: true,
    total_items: true,
    queued_items: true,
    processing_items: true,
    succeeded_items: true,
    failed_items: true,
    cancelled_items: true,
    estimated_cost_usd: true,
    actual_cost_usd: true,
    estimated_duration_ms: true,
    simulated: true,
    created_by: true,
    started_at: true,
    completed_at: true,
    created_at: true,
    updated_at: true,
  },
  batch_items: {
    id: true,
    workspace_id: true,
    batch_id: true,
    position: true,
    tier: true,
    parameters: true,
    persona_id: true,
    arc_id: true,
    topic_id: true,
    edge_case_id: true,
    source_chunk_id: true,
    prompt_template_id: true,
    status: true,
    attempts: true,
    attempts_before_retry: true,
    last_error: true,
    error_code: true,
    conversation_id: true,
    provider_batch_id: true,
    provider_custom_id: true,
    provider_request_id: true,
    started_at: true,
    finished_at: true,
    created_at: true,
    updated_at: true,
  },
  provider_batches: {
    id: true,
    workspace_id: true,
    batch_id: true,
    provider: true,
    provider_batch_id: true,
    status: true,
    request_count: true,
    succeeded_count: true,
    errored_count: true,
    canceled_count: true,
    expired_count: true,
    results_url: true,
    error: true,
    submitted_at: true,
    ended_at: true,
    created_at: true,
    updated_at: true,
  },
  conversations: {
    id: true,
    workspace_id: true,
    batch_id: true,
    batch_item_id: true,
    parent_id: true,
    version: true,
    status: true,
    tier: true,
    persona_id: true,
    arc_id: true,
    topic_id: true,
    edge_case_id: true,
    source_chunk_id: true,
    prompt_template_id: true,
    consultant_profile_id: true,
    title: true,
    summary: true,
    learning_objective: true,
    parameters: true,
    quality_score: true,
    quality_metrics: true,
    duplicate_of: true,
    is_human_edited: true,
    simulated: true,
    model: true,
    turn_count: true,
    input_tokens: true,
    output_tokens: true,
    cache_creation_tokens: true,
    cache_read_tokens: true,
    cost_usd: true,
    error_message: true,
    created_by: true,
    created_at: true,
    updated_at: true,
  },
  conversation_signatures: {
    conversation_id: true,
    workspace_id: true,
    signature: true,
    band_keys: true,
    created_at: true,
  },
  conversation_turns: {
    id: true,
    conversation_id: true,
    turn_number: true,
    role: true,
    content: true,
    emotion: true,
    phase: true,
    techniques: true,
    token_count: true,
    created_at: true,
    updated_at: true,
  },
  conversation_reviews: {
    id: true,
    workspace_id: true,
    conversation_id: true,
    action: true,
    previous_status: true,
    new_status: true,
    notes: true,
    reviewer_id: true,
    created_at: true,
  },
  turn_edits: {
    id: true,
    workspace_id: true,
    conversation_id: true,
    turn_id: true,
    turn_number: true,
    previous_content: true,
    new_content: true,
    previous_emotion: true,
    new_emotion: true,
    editor_id: true,
    created_at: true,
  },
  generation_logs: {
    id: true,
    workspace_id: true,
    batch_id: true,
    batch_item_id: true,
    conversation_id: true,
    provider_batch_id: true,
    tier: true,
    attempt: true,
    model: true,
    request: true,
    response: true,
    raw_text: true,
    input_tokens: true,
    output_tokens: true,
    cache_creation_tokens: true,
    cache_read_tokens: true,
    cost_usd: true,
    duration_ms: true,
    status: true,
    error_code: true,
    error_message: true,
    request_id: true,
    simulated: true,
    purpose: true,
    created_at: true,
  },
  exports: {
    id: true,
    workspace_id: true,
    name: true,
    format: true,
    options: true,
    filters: true,
    status: true,
    progress: true,
    row_count: true,
    bytes: true,
    sha256: true,
    location: true,
    includes_simulated: true,
    error: true,
    created_by: true,
    started_at: true,
    completed_at: true,
    created_at: true,
    updated_at: true,
    hub_url: true,
    hub_commit: true,
  },
  generation_drafts: {
    id: true,
    workspace_id: true,
    status: true,
    input: true,
    result: true,
    error: true,
    error_code: true,
    attempts: true,
    conversation_id: true,
    created_by: true,
    started_at: true,
    finished_at: true,
    created_at: true,
    updated_at: true,
  },
};

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase({ migrated: false });
});
afterAll(async () => {
  await testDb?.destroy();
});

async function publicColumns(): Promise<Record<string, string[]>> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_%'
    order by table_name, column_name
  `.execute(testDb.db);
  const tables: Record<string, string[]> = {};
  for (const row of rows) {
    tables[row.table_name] = [...(tables[row.table_name] ?? []), row.column_name];
  }
  return tables;
}

describe("migrations", () => {
  it("create exactly the tables and columns that schema.ts describes", async () => {
    const ran = await migrateToLatest(testDb.db);
    expect(ran).toEqual(Object.keys(migrations));

    const expected = Object.fromEntries(
      Object.entries(COLUMNS).map(([table, columns]) => [table, Object.keys(columns).sort()]),
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
        .values({ workspace_id: workspace.id, name: "b", status: "running" as never })
        .execute(),
    ).rejects.toMatchObject({ code: "23514", constraint: "batch_jobs_status_check" });
    await expect(
      testDb.db
        .insertInto("personas")
        .values({ workspace_id: workspace.id, key: "Not A Slug", name: "x" })
        .execute(),
    ).rejects.toMatchObject({ code: "23514", constraint: "personas_key_format" });
  });
});
