// Readable conversation ids beside the UUID (spec e04: `fp_[persona]_[###]`), e.g.
// `fp_anxious_investor_007`. A trigger assigns one on every insert, whichever code path inserts,
// from a per-workspace, per-persona counter; a regeneration that replaces its parent keeps the
// parent's id (the chain is one conversation of the dataset in a new version).
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("conversations").addColumn("readable_id", "text").execute();
  await sql`
    create table conversation_readable_counters (
      workspace_id uuid not null references workspaces (id) on delete cascade,
      prefix text not null,
      last_number integer not null check (last_number >= 1),
      primary key (workspace_id, prefix)
    )
  `.execute(db);
  // The counter row's lock serialises two inserts of the same persona until the first commits;
  // a rolled-back insert rolls its number back too, so numbers are never used twice.
  await sql`
    create function parley_next_readable_id(p_workspace uuid, p_persona uuid) returns text
    language plpgsql as $$
    declare
      v_prefix text;
      v_number integer;
    begin
      select 'fp_' || nullif(trim(both '_' from lower(regexp_replace(key, '[^A-Za-z0-9]+', '_', 'g'))), '')
        into v_prefix from personas where id = p_persona;
      v_prefix := coalesce(v_prefix, 'fp_conversation');
      insert into conversation_readable_counters as c (workspace_id, prefix, last_number)
        values (p_workspace, v_prefix, 1)
        on conflict (workspace_id, prefix) do update set last_number = c.last_number + 1
        returning last_number into v_number;
      return v_prefix || '_' || case when v_number < 1000 then lpad(v_number::text, 3, '0') else v_number::text end;
    end $$
  `.execute(db);
  await sql`
    create function parley_conversation_readable_id() returns trigger
    language plpgsql as $$
    begin
      if new.readable_id is null and new.parent_id is not null then
        -- Only a replaced (archived) parent hands its id on: two live rows never share one.
        select readable_id into new.readable_id from conversations
          where id = new.parent_id and status = 'archived';
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
  // Existing rows, oldest version first so a chain's later versions inherit its first's id.
  await sql`
    do $$
    declare r record;
    begin
      for r in select id, workspace_id, persona_id, parent_id from conversations
               order by version, created_at, id loop
        update conversations set readable_id = coalesce(
          (select p.readable_id from conversations p
            where p.id = r.parent_id and p.status = 'archived'),
          parley_next_readable_id(r.workspace_id, r.persona_id))
        where id = r.id;
      end loop;
    end $$
  `.execute(db);
  await db.schema
    .alterTable("conversations")
    .alterColumn("readable_id", (col) => col.setNotNull())
    .execute();
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
  await sql`drop table conversation_readable_counters`.execute(db);
  await db.schema.alterTable("conversations").dropColumn("readable_id").execute();
}
