// Uploaded source documents (Markdown, text, PDF, HTML) and the link from each source chunk to
// the document it was cut from, with its heading path and order, for the scenario tier.
import { type Kysely, sql } from "kysely";
import { addUpdatedAtTrigger, oneOf, withTimestamps, withUuidId } from "./ddl-helpers.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("source_documents")
    .$call(withUuidId)
    .addColumn("workspace_id", "uuid", (col) =>
      col.notNull().references("workspaces.id").onDelete("cascade"),
    )
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("file_name", "text", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("mime_type", "text", (col) => col.notNull())
    .addColumn("byte_size", "integer", (col) => col.notNull())
    .addColumn("sha256", "text", (col) => col.notNull())
    .addColumn("original_text", "text", (col) => col.notNull())
    .addColumn("max_tokens", "integer", (col) => col.notNull())
    .addColumn("overlap_tokens", "integer", (col) => col.notNull())
    .addColumn("created_by", "text", (col) => col.references("users.id").onDelete("set null"))
    .$call(withTimestamps)
    .addUniqueConstraint("source_documents_workspace_id_id_key", ["workspace_id", "id"])
    // The same file twice in one workspace would double its weight in every plan.
    .addUniqueConstraint("source_documents_workspace_id_sha256_key", ["workspace_id", "sha256"])
    .addCheckConstraint(
      "source_documents_kind_check",
      oneOf("kind", ["markdown", "text", "pdf", "html"]),
    )
    .addCheckConstraint("source_documents_byte_size_check", sql`byte_size > 0`)
    .execute();
  await addUpdatedAtTrigger(db, "source_documents");

  await db.schema
    .alterTable("source_chunks")
    .addColumn("document_id", "uuid")
    .addColumn("heading_path", "jsonb", (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("position", "integer")
    .execute();
  await db.schema
    .alterTable("source_chunks")
    .addForeignKeyConstraint(
      "source_chunks_document_fkey",
      ["workspace_id", "document_id"],
      "source_documents",
      ["workspace_id", "id"],
    )
    .onDelete("cascade")
    .execute();
  await db.schema
    .createIndex("source_chunks_document_idx")
    .on("source_chunks")
    .columns(["document_id", "position"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("source_chunks_document_idx").execute();
  await db.schema
    .alterTable("source_chunks")
    .dropConstraint("source_chunks_document_fkey")
    .execute();
  await db.schema
    .alterTable("source_chunks")
    .dropColumn("document_id")
    .dropColumn("heading_path")
    .dropColumn("position")
    .execute();
  await db.schema.dropTable("source_documents").execute();
}
