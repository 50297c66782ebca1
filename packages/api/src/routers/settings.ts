// Workspace integrations: the HuggingFace write token (write-only: once saved it never comes back,
// only whether one is set, its last four characters, the Hub it was saved for and when it changed)
// and the Hub address. A token is saved for the workspace's Hub at that moment and only ever sent
// there, so changing the address means saving the token again. Owners and admins change them; any
// member may see whether a token is set.
import {
  clearWorkspaceSecret,
  findWorkspace,
  findWorkspaceSecretStatus,
  setWorkspaceSecret,
  updateWorkspace,
  type WorkspaceSecretStatus,
} from "@parley/db";
import { AppError } from "@parley/generation";
import {
  DEFAULT_HUB_ENDPOINT,
  hubTokenMismatch,
  normaliseHubEndpoint,
  workspaceHubEndpoint,
} from "@parley/queue";
import { z } from "zod";
import type { ApiContext } from "../context.ts";
import { adminProcedure, router, workspaceProcedure } from "../trpc.ts";

const HUB_TOKEN = "huggingface_token" as const;

const hubTokenStatus = z.object({
  set: z.boolean(),
  /** Enough to recognise which token it is; never more. */
  lastFour: z.string().max(4).nullable(),
  /** The Hub the token was saved for, the only one it is sent to; null when none is set. */
  savedFor: z.string().nullable(),
  /** Why pushes with it fail (the workspace's Hub changed since it was saved); null when they work. */
  mismatch: z.string().nullable(),
  updatedAt: z.date().nullable(),
});
export type HubTokenStatus = z.infer<typeof hubTokenStatus>;

const hubTokenInput = z.object({
  token: z
    .string()
    .trim()
    .regex(
      /^hf_[A-Za-z0-9]{8,200}$/,
      "A HuggingFace token starts with hf_ followed by letters and digits; create a write token at huggingface.co/settings/tokens",
    ),
});

const hubEndpointView = z.object({ endpoint: z.url(), isDefault: z.boolean() });

const hubEndpointInput = z.object({
  /** null goes back to the default Hub. */
  endpoint: z
    .url({ protocol: /^https?$/, error: "Enter an http:// or https:// address" })
    .max(500)
    .nullable(),
});

async function statusOf(db: ApiContext["db"], workspaceId: string, status: WorkspaceSecretStatus) {
  if (!status.set)
    return { set: false, lastFour: null, savedFor: null, mismatch: null, updatedAt: null };
  const workspace = await findWorkspace(db, { workspaceId });
  return {
    set: true,
    lastFour: status.lastFour,
    savedFor: status.endpoint ?? DEFAULT_HUB_ENDPOINT,
    mismatch: hubTokenMismatch({
      savedFor: status.endpoint,
      current: workspaceHubEndpoint(workspace?.settings),
    }),
    updatedAt: status.updatedAt,
  };
}

function endpointOf(settings: Record<string, unknown> | undefined) {
  const configured = workspaceHubEndpoint(settings);
  return configured
    ? { endpoint: configured, isDefault: false }
    : { endpoint: DEFAULT_HUB_ENDPOINT, isDefault: true };
}

export const settingsRouter = router({
  hubToken: router({
    status: workspaceProcedure.output(hubTokenStatus).query(async ({ ctx }) =>
      statusOf(
        ctx.db,
        ctx.workspace.id,
        await findWorkspaceSecretStatus(ctx.db, {
          workspaceId: ctx.workspace.id,
          name: HUB_TOKEN,
        }),
      ),
    ),

    /** Saves the token for the workspace's Hub as it is now; pushes send it there and nowhere else. */
    set: adminProcedure
      .input(hubTokenInput)
      .output(hubTokenStatus)
      .mutation(async ({ ctx, input }) => {
        if (!ctx.secrets) {
          throw new AppError(
            "INTERNAL",
            "This server has no secret key, so it cannot save a token (see PARLEY_SECRET_KEY).",
          );
        }
        const workspace = await findWorkspace(ctx.db, { workspaceId: ctx.workspace.id });
        if (!workspace) throw AppError.notFound("Workspace", ctx.workspace.id);
        const saved = await setWorkspaceSecret(ctx.db, {
          workspaceId: ctx.workspace.id,
          name: HUB_TOKEN,
          cipher: ctx.secrets,
          value: input.token,
          endpoint: workspaceHubEndpoint(workspace.settings),
          updatedBy: ctx.user.id,
        });
        return statusOf(ctx.db, ctx.workspace.id, saved);
      }),

    clear: adminProcedure.output(hubTokenStatus).mutation(async ({ ctx }) => {
      await clearWorkspaceSecret(ctx.db, { workspaceId: ctx.workspace.id, name: HUB_TOKEN });
      return statusOf(
        ctx.db,
        ctx.workspace.id,
        await findWorkspaceSecretStatus(ctx.db, { workspaceId: ctx.workspace.id, name: HUB_TOKEN }),
      );
    }),
  }),

  hubEndpoint: router({
    get: workspaceProcedure.output(hubEndpointView).query(async ({ ctx }) => {
      const workspace = await findWorkspace(ctx.db, { workspaceId: ctx.workspace.id });
      return endpointOf(workspace?.settings);
    }),

    set: adminProcedure
      .input(hubEndpointInput)
      .output(hubEndpointView)
      .mutation(async ({ ctx, input }) => {
        const workspace = await updateWorkspace(ctx.db, {
          workspaceId: ctx.workspace.id,
          settings: { huggingFaceEndpoint: normaliseHubEndpoint(input.endpoint) },
        });
        if (!workspace) throw AppError.notFound("Workspace", ctx.workspace.id);
        return endpointOf(workspace.settings);
      }),
  }),
});
