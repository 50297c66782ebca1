// better-auth on our Postgres (the services' Kysely pool): email + password accounts, sessions
// in httpOnly cookies, origin checks on its routes, and sign-in/sign-up attempts rate-limited
// per client address with the counters in the database. Each new user gets a workspace (the
// default one if unclaimed, else their own, seeded with the reference scaffolding), so they can
// generate at once.
import type { Database } from "@parley/db";
import { betterAuthSchemaOptions, ensureUserWorkspace, firstWorkspaceName } from "@parley/db";
import { betterAuth } from "better-auth";
import { sveltekitCookies } from "better-auth/svelte-kit";
import { getRequestEvent } from "$app/server";
import { resolveAuthSecret } from "./auth-secret.ts";
import { serverEnv } from "./env.ts";
import { getServices } from "./services.ts";

/**
 * The header hooks.server.ts sets to the connecting address (replacing whatever a client sent);
 * the only one better-auth trusts, so rate limits key on the real client.
 */
export const CLIENT_IP_HEADER = "x-parley-client-ip";

const log = (message: string) => console.error(`[web] ${message}`);

function createAuth(db: Database) {
  const env = serverEnv();
  return betterAuth({
    appName: "Parley",
    secret: resolveAuthSecret(env.BETTER_AUTH_SECRET, log),
    ...(env.BETTER_AUTH_URL
      ? { baseURL: env.BETTER_AUTH_URL, trustedOrigins: [new URL(env.BETTER_AUTH_URL).origin] }
      : {}),
    basePath: "/api/auth",
    // Without CamelCasePlugin: better-auth maps its fields onto our snake_case columns itself
    // (betterAuthSchemaOptions) and reads its rows by those names.
    database: { db: db.withoutPlugins(), type: "postgres", transaction: true },
    user: betterAuthSchemaOptions.user,
    session: betterAuthSchemaOptions.session,
    account: betterAuthSchemaOptions.account,
    verification: betterAuthSchemaOptions.verification,
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      autoSignIn: true,
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      ...betterAuthSchemaOptions.rateLimit,
      window: 60,
      max: 100,
      customRules: {
        // Per client address: enough for a person who mistypes, too few to guess passwords.
        "/sign-in/email": { window: 60, max: 10 },
        // A person signs up once; a team on one office address a few dozen times
        // (PARLEY_SIGNUPS_PER_MINUTE, default 30).
        "/sign-up/email": { window: 60, max: env.PARLEY_SIGNUPS_PER_MINUTE },
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    telemetry: { enabled: false },
    databaseHooks: {
      user: {
        create: {
          // better-auth runs this after committing the user, so it cannot undo the sign-up: a
          // failure here is logged and repaired by the user's next request
          // (createSignedInContext), rather than failing a sign-up that already happened.
          after: async (user) => {
            try {
              await ensureUserWorkspace(db, {
                userId: user.id,
                name: firstWorkspaceName(user.name),
              });
            } catch (error) {
              log(`sign-up: no workspace yet for ${user.id}, made on their next request: ${error}`);
            }
          },
        },
      },
    },
    // Lets server code (the sign-out action) set and clear the session cookie.
    plugins: [sveltekitCookies(getRequestEvent)],
  });
}

export type Auth = ReturnType<typeof createAuth>;

let auth: Promise<Auth> | undefined;

export function getAuth(): Promise<Auth> {
  auth ??= getServices().then((services) => createAuth(services.db));
  return auth;
}
