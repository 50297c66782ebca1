import type { ApiContext, MemberWorkspace } from "@parley/api";

declare global {
  namespace App {
    interface Locals {
      /** The API context: services, the signed-in user (or null) and the active workspace. */
      api: ApiContext;
      /** Every workspace the signed-in user belongs to (empty when signed out). */
      workspaces: MemberWorkspace[];
      /** The workspace this request acts in, with the user's role there. */
      activeWorkspace: MemberWorkspace | null;
    }
  }
}
