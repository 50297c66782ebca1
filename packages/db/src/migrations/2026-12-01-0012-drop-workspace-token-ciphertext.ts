// The HuggingFace token moved to workspace_secrets (2026-12-01-0010); the never-used ciphertext
// slot on workspaces goes, so there is one place a token can live.
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("workspaces").dropColumn("huggingface_token_ciphertext").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("workspaces")
    .addColumn("huggingface_token_ciphertext", "text")
    .execute();
}
