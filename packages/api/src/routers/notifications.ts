// The workspace's notifications, live: a batch finished, a regeneration stored its new version.
// One stream per open tab, mounted by the web layout; the caller's membership is re-checked
// while it lasts, like the batch progress stream.
import { watchWorkspaceNotifications } from "@parley/queue";
import { tracked } from "@trpc/server";
import { z } from "zod";
import { watchLiveAccess } from "../live-access.ts";
import { router, workspaceProcedure } from "../trpc.ts";

export const notificationsRouter = router({
  onEvent: workspaceProcedure
    .input(
      z
        .object({
          /** Sent back by the client on reconnect: what finished since then comes first. */
          lastEventId: z.iso.datetime().nullish(),
        })
        .optional(),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const access = watchLiveAccess(ctx, signal ?? new AbortController().signal);
      try {
        const notifications = watchWorkspaceNotifications(ctx.db, ctx.progress, {
          workspaceId: ctx.workspace.id,
          ...(input?.lastEventId ? { after: new Date(input.lastEventId) } : {}),
          signal: access.signal,
        });
        for await (const notification of notifications) {
          const at = notification.kind === "listening" ? notification.at : notification.finishedAt;
          yield tracked(at.toISOString(), notification);
        }
      } finally {
        access.stop();
      }
      access.throwIfLost();
    }),
});
