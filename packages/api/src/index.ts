import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./root.ts";

export {
  type ApiContext,
  type ApiServices,
  createApiContext,
  createSignedInContext,
  type MemberWorkspace,
  type SignedInCaller,
  type UserRef,
  type WorkspaceRef,
} from "./context.ts";
export { toTRPCError } from "./errors.ts";
export { type AppRouter, appRouter } from "./root.ts";
export { createCallerFactory, hasRole } from "./trpc.ts";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
