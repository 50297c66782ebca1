// Workspace integrations: the HuggingFace write token (write-only: once saved it never comes back,
// only whether one is set, its last four characters and when it changed) and the Hub address.
// Owners and admins change them; any member may see whether a token is set.
import {
  clearWorkspaceSecret,
  findWorkspace,
  findWorkspaceSecretStatus,
  setWorkspaceSecret,
  updateWorkspace,
} from "@parley/db";
import { AppError } from "@parley/generation";
import { z } from "zod";
import { adminProcedure, router, workspaceProcedure } from "../trpc.ts";

export const DEFAULT_HUB_ENDPOINT = "https://huggingface.co";
const HUB_TOKEN = "huggingface_token" as const;

const hubTokenStatus = z.object({
  set: z.boolean(),
  /** Enough to recognise which token it is; never more. */
  lastFour: z.string().max(4).nullable(),
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

function toStatus(status: { set: boolean; lastFour: string | null; updatedAt: Date | null }) {
  return { set: status.set, lastFour: status.lastFour, updatedAt: status.updatedAt };
}

function endpointOf(settings: Record<string, unknown> | undefined) {
  const configured = settings?.huggingFaceEndpoint;
  return typeof configured === "string" && configured
    ? { endpoint: configured, isDefault: false }
    : { endpoint: DEFAULT_HUB_ENDPOINT, isDefault: true };
}

export const settingsRouter = router({
  hubToken: router({
    status: workspaceProcedure.output(hubTokenStatus).query(async ({ ctx }) =>
      toStatus(
        await findWorkspaceSecretStatus(ctx.db, {
          workspaceId: ctx.workspace.id,
          name: HUB_TOKEN,
        }),
      ),
    ),

    set: adminProcedure
      .input(hubTokenInput)
      .output(hubTokenStatus)
      .mutation(async ({ ctx, input }) =>
        toStatus(
          await setWorkspaceSecret(ctx.db, {
            workspaceId: ctx.workspace.id,
            name: HUB_TOKEN,
            value: input.token,
            updatedBy: ctx.user.id,
          }),
        ),
      ),

    clear: adminProcedure.output(hubTokenStatus).mutation(async ({ ctx }) => {
      await clearWorkspaceSecret(ctx.db, { workspaceId: ctx.workspace.id, name: HUB_TOKEN });
      return toStatus(
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
        const endpoint = input.endpoint?.replace(/\/+$/, "") ?? null;
        const workspace = await updateWorkspace(ctx.db, {
          workspaceId: ctx.workspace.id,
          settings: {
            huggingFaceEndpoint: endpoint && endpoint !== DEFAULT_HUB_ENDPOINT ? endpoint : null,
          },
        });
        if (!workspace) throw AppError.notFound("Workspace", ctx.workspace.id);
        return endpointOf(workspace.settings);
      }),
  }),
});
