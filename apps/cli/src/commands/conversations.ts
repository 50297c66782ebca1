// `parley conversations archive|restore ID...`: take conversations out of the lists, the review
// queue and exports without deleting them, or bring them back. IDs are UUIDs or readable ids
// (fp_<persona>_<###>).
import {
  archiveConversations,
  findConversationIdByReadableId,
  restoreConversations,
} from "@parley/db";
import { AppError } from "@parley/generation";
import { z } from "zod";
import type { CliOptions } from "../cli-options.ts";
import { type CliContext, openCliContext } from "../context.ts";

const log = (message: string) => process.stderr.write(`[parley] ${message}\n`);

async function resolveIds(ctx: CliContext, refs: string[]): Promise<string[]> {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    if (z.uuid().safeParse(ref).success) {
      ids.push(ref);
      continue;
    }
    const id = await findConversationIdByReadableId(ctx.db, {
      workspaceId: ctx.workspaceId,
      readableId: ref,
    });
    if (id) ids.push(id);
    else unknown.push(ref);
  }
  if (unknown.length) {
    throw new AppError(
      "NOT_FOUND",
      `No conversation has the id ${unknown.join(", ")} in this workspace; give UUIDs or readable ids such as fp_anxious_investor_007. Nothing was changed.`,
    );
  }
  return ids;
}

export async function runConversationsCommand(
  args: string[],
  options: CliOptions,
): Promise<number> {
  const [action, ...refs] = args;
  if ((action !== "archive" && action !== "restore") || refs.length === 0) {
    throw new AppError(
      "BAD_REQUEST",
      "Usage: npm run parley -- conversations archive|restore <id> [<id> ...]",
    );
  }
  const ctx = await openCliContext(log);
  try {
    const ids = await resolveIds(ctx, refs);
    const scope = { workspaceId: ctx.workspaceId, userId: null };
    const changed =
      action === "archive"
        ? await archiveConversations(ctx.db, { ...scope, conversationIds: ids })
        : await restoreConversations(ctx.db, { ...scope, conversationIds: ids });
    const skipped = ids.length - changed.length;
    const verb = action === "archive" ? "Archived" : "Restored";
    const why =
      action === "archive" ? "already archived" : "not archived by hand (nothing to restore)";
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ [action === "archive" ? "archived" : "restored"]: changed, skipped }, null, 2)}\n`
        : `${verb} ${changed.length} conversation${changed.length === 1 ? "" : "s"}${skipped ? `; ${skipped} ${why}` : ""}.\n`,
    );
    return 0;
  } finally {
    await ctx.close();
  }
}
