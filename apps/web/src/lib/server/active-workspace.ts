// Which workspace a request acts in: a cookie set by the header's switcher, or a header for
// scripts. Either is only a request — createSignedInContext honours it for members alone.
import type { Cookies } from "@sveltejs/kit";

export const WORKSPACE_COOKIE = "parley_workspace";
export const WORKSPACE_HEADER = "x-parley-workspace";

export function requestedWorkspaceId(request: Request, cookies: Cookies): string | null {
  return request.headers.get(WORKSPACE_HEADER) ?? cookies.get(WORKSPACE_COOKIE) ?? null;
}

export function rememberWorkspace(cookies: Cookies, workspaceId: string): void {
  cookies.set(WORKSPACE_COOKIE, workspaceId, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    maxAge: 60 * 60 * 24 * 365,
  });
}
