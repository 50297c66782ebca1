// The browser's better-auth client (sign-up and sign-in call /api/auth/* directly, so its
// origin checks and rate limits apply to every attempt).
import { createAuthClient } from "better-auth/client";

export const authClient = createAuthClient();

/** Where to go after signing in: only a path of this app, never another site. */
export function safeRedirect(target: string | null): string {
  return target?.startsWith("/") && !target.startsWith("//") ? target : "/";
}

interface AuthError {
  status: number;
  message?: string | undefined;
  code?: string | undefined;
}

/**
 * Runs a sign-in or sign-up call. On success, a full page load of `redirectTo` (so the header
 * and every page see the new session); otherwise the message to show.
 */
export async function authenticate(
  attempt: () => Promise<{ error: AuthError | null }>,
  redirectTo: string | null,
): Promise<string | null> {
  try {
    const { error } = await attempt();
    if (error) return authErrorMessage(error);
  } catch {
    return "Could not reach the server. Check your connection and try again.";
  }
  window.location.assign(safeRedirect(redirectTo));
  return null;
}

/** better-auth's error, as a sentence a person can act on. */
function authErrorMessage(error: AuthError): string {
  if (error.status === 429) return "Too many attempts. Wait a minute, then try again.";
  switch (error.code) {
    case "INVALID_EMAIL_OR_PASSWORD":
      return "Wrong email or password.";
    case "USER_ALREADY_EXISTS":
    case "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL":
      return "An account with this email already exists. Sign in instead.";
    case "PASSWORD_TOO_SHORT":
      return "The password is too short: use at least 8 characters.";
    case "INVALID_EMAIL":
      return "That does not look like an email address.";
  }
  return error.message || "Something went wrong. Try again.";
}
