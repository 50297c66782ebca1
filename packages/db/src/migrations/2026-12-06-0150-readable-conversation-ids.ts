// Readable conversation ids beside the UUID (spec e04: `fp_[persona]_[###]`), e.g.
// `fp_anxious_investor_007`. A trigger assigns one on every insert, whichever code path inserts:
// the next number of the persona's prefix in the workspace (an index answers the max), under a
// transaction-scoped advisory lock per prefix, so concurrent workers never share a number. A
// regeneration that replaces its parent keeps the parent's id (the chain is one conversation of
// the dataset in a new version).
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("conversations").addColumn("readable_id", "text").execute();
  await sql`
    create function parley_readable_prefix(p_persona uuid) returns text
    language sql stable as $$
      select coalesce(
        (select 'fp_' || nullif(trim(both '_' from lower(regexp_replace(key, '[^A-Za-z0-9]+', '_', 'g'))), '')
           from personas where id = p_persona),
        'fp_conversation')
    $$
  `.execute(db);
  await sql`
    create function parley_readable_number(p_number bigint) returns text
    language sql immutable as $$
      select case when p_number < 1000 then lpad(p_number::text, 3, '0') else p_number::text end
    $$
  `.execute(db);
  // Existing rows, set-based: each conversation that does not continue an archived parent (a
  // chain's first version, or one made beside a live parent) is numbered in creation order; the
  // versions that replaced an archived parent inherit its id down the chain.
  await sql`
    with recursive heads as (
      select c.id, c.workspace_id, c.created_at, parley_readable_prefix(c.persona_id) as prefix
      from conversations c
      left join conversations p on p.id = c.parent_id
      where p.id is null or p.status <> 'archived'
    ), numbered as (
      select id, prefix || '_' || parley_readable_number(
        row_number() over (partition by workspace_id, prefix order by created_at, id)) as rid
      from heads
    ), chain as (
      select id, rid from numbered
      union all
      select c.id, chain.rid
      from conversations c
      join chain on c.parent_id = chain.id
      join conversations p on p.id = c.parent_id
      where p.status = 'archived'
    )
    update conversations set readable_id = chain.rid from chain where conversations.id = chain.id
  `.execute(db);
  await db.schema
    .alterTable("conversations")
    .alterColumn("readable_id", (col) => col.setNotNull())
    .execute();
  // The next number of a prefix: max() over this index, one short backward scan.
  await sql`
    create index conversations_readable_number_idx on conversations (
      workspace_id,
      (regexp_replace(readable_id, '_[0-9]+$', '')),
      ((substring(readable_id from '_([0-9]+)$'))::bigint) desc
    )
  `.execute(db);
  await sql`
    create function parley_next_readable_id(p_workspace uuid, p_persona uuid) returns text
    language plpgsql as $$
    declare
      v_prefix text := parley_readable_prefix(p_persona);
      v_number bigint;
    begin
      -- Held to the end of the inserting transaction: a second insert of the prefix waits and
      -- then sees the first one's row (a row-level BEFORE trigger sees the rows its own
      -- statement inserted before, so a bulk insert numbers on, too).
      perform pg_advisory_xact_lock(hashtextextended(p_workspace::text || ':' || v_prefix, 0));
      select coalesce(max((substring(readable_id from '_([0-9]+)$'))::bigint), 0) + 1
        into v_number
        from conversations
        where workspace_id = p_workspace
          and regexp_replace(readable_id, '_[0-9]+$', '') = v_prefix;
      return v_prefix || '_' || parley_readable_number(v_number);
    end $$
  `.execute(db);
  await sql`
    create function parley_conversation_readable_id() returns trigger
    language plpgsql as $$
    begin
      if new.readable_id is null and new.parent_id is not null then
        -- Only a replaced (archived) parent hands its id on, and only while no live row holds
        -- it: two live rows never share one.
        select p.readable_id into new.readable_id from conversations p
          where p.id = new.parent_id and p.status = 'archived'
            and not exists (
              select 1 from conversations l
              where l.workspace_id = p.workspace_id and l.readable_id = p.readable_id
                and l.status <> 'archived');
      end if;
      if new.readable_id is null then
        new.readable_id := parley_next_readable_id(new.workspace_id, new.persona_id);
      end if;
      return new;
    end $$
  `.execute(db);
  await sql`
    create trigger conversations_readable_id before insert on conversations
    for each row execute function parley_conversation_readable_id()
  `.execute(db);
  await sql`
    create unique index conversations_live_readable_id_key on conversations (workspace_id, readable_id)
    where status <> 'archived'
  `.execute(db);
  // Looking a conversation up by its readable id (the page route), archived versions included.
  await sql`
    create index conversations_readable_id_idx on conversations (workspace_id, readable_id, version desc)
  `.execute(db);
  // The search box matches readable ids as substrings too.
  await sql`
    create index conversations_readable_id_search_idx
    on conversations using gin (readable_id gin_trgm_ops)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger conversations_readable_id on conversations`.execute(db);
  await sql`drop function parley_conversation_readable_id()`.execute(db);
  await sql`drop function parley_next_readable_id(uuid, uuid)`.execute(db);
  await db.schema.alterTable("conversations").dropColumn("readable_id").execute();
  await sql`drop function parley_readable_number(bigint)`.execute(db);
  await sql`drop function parley_readable_prefix(uuid)`.execute(db);
}
