// Workspace secrets are stored sealed (AES-256-GCM, see secrets/secret-cipher.ts) with the last
// four characters beside them, so the status never reads the value, and the Hub address the token
// was saved for, so it is only ever sent there. A migration cannot reach the key (the web server,
// the worker and the CLI hold it), so existing values move to `plaintext_value` and the worker
// seals them on its next start (sealWorkspaceSecrets); a check keeps a row one or the other.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table workspace_secrets rename column value to plaintext_value;
    alter table workspace_secrets
      drop constraint workspace_secrets_value_not_empty,
      alter column plaintext_value drop not null,
      add column ciphertext text,
      add column last_four text,
      add column endpoint text;
  `.execute(db);
  // A saved token was meant for the Hub the workspace used when it was saved: its address now.
  await sql`
    update workspace_secrets s set
      last_four = right(s.plaintext_value, 4),
      endpoint = (select nullif(w.settings->>'huggingFaceEndpoint', '') from workspaces w
                  where w.id = s.workspace_id)
  `.execute(db);
  await sql`
    alter table workspace_secrets
      alter column last_four set not null,
      add constraint workspace_secrets_sealed_or_pending
        check ((ciphertext is null) <> (plaintext_value is null)),
      add constraint workspace_secrets_ciphertext_format check (ciphertext like 'v1.%')
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Without the key a sealed value cannot be turned back into plaintext: those rows go (the
  // token has to be saved again); rows still waiting to be sealed keep their value.
  await sql`delete from workspace_secrets where plaintext_value is null`.execute(db);
  await sql`
    alter table workspace_secrets
      drop constraint workspace_secrets_ciphertext_format,
      drop constraint workspace_secrets_sealed_or_pending,
      drop column ciphertext,
      drop column last_four,
      drop column endpoint,
      alter column plaintext_value set not null;
    alter table workspace_secrets rename column plaintext_value to value;
    alter table workspace_secrets
      add constraint workspace_secrets_value_not_empty check (length(value) > 0);
  `.execute(db);
}
