// Workspaces: create, find, settings, and the first-run default workspace that `npm start` seeds
// with the reference scaffolding. The HuggingFace token is not here: see workspace-secrets.ts.
import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { MembershipRole } from "../column-values.ts";
import { jsonb } from "../jsonb.ts";
import type { DB, Workspace, WorkspaceSettings } from "../schema.ts";
import { seedReferenceScaffolding } from "../seed/seed-reference-scaffolding.ts";
import { withTransaction } from "../transaction.ts";

export const WORKSPACE_COLUMNS = [
  "id",
  "name",
  "slug",
  "settings",
  "createdBy",
  "createdAt",
  "updatedAt",
] as const;

export const DEFAULT_WORKSPACE_SLUG = "default";

/** "Acme Research!" → "acme-research"; never empty. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return slug || "workspace";
}

export interface CreateWorkspaceOptions {
  name: string;
  /** Default: derived from the name, with a random suffix when that slug is taken. */
  slug?: string;
  settings?: WorkspaceSettings;
  /** Becomes the workspace's owner. */
  ownerUserId?: string | null;
  /** Seed the reference scaffolding in the same transaction (a new user's first workspace). */
  seedReferenceScaffolding?: boolean;
}

export async function createWorkspace(
  db: Kysely<DB>,
  options: CreateWorkspaceOptions,
): Promise<Workspace> {
  return withTransaction(db, async (trx) => {
    const values = (slug: string) => ({
      name: options.name,
      slug,
      settings: jsonb(options.settings ?? {}),
      createdBy: options.ownerUserId ?? null,
    });
    let workspace: Workspace | undefined;
    if (options.slug) {
      // An explicit slug that is taken is the caller's to report (isUniqueViolation): let it throw.
      workspace = await trx
        .insertInto("workspaces")
        .values(values(options.slug))
        .returning(WORKSPACE_COLUMNS)
        .executeTakeFirstOrThrow();
    } else {
      const base = slugify(options.name);
      const insert = (slug: string) =>
        trx
          .insertInto("workspaces")
          .values(values(slug))
          .onConflict((oc) => oc.column("slug").doNothing())
          .returning(WORKSPACE_COLUMNS)
          .executeTakeFirst();
      workspace = await insert(base);
      while (!workspace) workspace = await insert(`${base}-${randomBytes(3).toString("hex")}`);
    }

    if (options.ownerUserId) {
      await trx
        .insertInto("memberships")
        .values({ workspaceId: workspace.id, userId: options.ownerUserId, role: "owner" })
        .execute();
    }
    if (options.seedReferenceScaffolding) {
      await seedReferenceScaffolding(trx, { workspaceId: workspace.id });
    }
    return workspace;
  });
}

export function findWorkspace(
  db: Kysely<DB>,
  options: { workspaceId: string },
): Promise<Workspace | undefined> {
  return db
    .selectFrom("workspaces")
    .select(WORKSPACE_COLUMNS)
    .where("id", "=", options.workspaceId)
    .executeTakeFirst();
}

export function findWorkspaceBySlug(
  db: Kysely<DB>,
  options: { slug: string },
): Promise<Workspace | undefined> {
  return db
    .selectFrom("workspaces")
    .select(WORKSPACE_COLUMNS)
    .where("slug", "=", options.slug)
    .executeTakeFirst();
}

export type WorkspaceWithRole = Workspace & { role: MembershipRole };

/** The workspaces a user belongs to, oldest first (the first is a sensible default). */
export function listWorkspacesForUser(
  db: Kysely<DB>,
  options: { userId: string },
): Promise<WorkspaceWithRole[]> {
  return db
    .selectFrom("workspaces")
    .innerJoin("memberships", "memberships.workspaceId", "workspaces.id")
    .select(WORKSPACE_COLUMNS.map((column) => `workspaces.${column}` as const))
    .select("memberships.role")
    .where("memberships.userId", "=", options.userId)
    .orderBy("workspaces.createdAt")
    .orderBy("workspaces.id")
    .execute();
}

export interface UpdateWorkspaceOptions {
  workspaceId: string;
  name?: string;
  /** Merged into the stored settings; a key set to null is removed. */
  settings?: { [K in keyof WorkspaceSettings]?: WorkspaceSettings[K] | null };
}

export async function updateWorkspace(
  db: Kysely<DB>,
  options: UpdateWorkspaceOptions,
): Promise<Workspace | undefined> {
  const removed = Object.entries(options.settings ?? {})
    .filter(([, value]) => value === null)
    .map(([key]) => key);
  const merged = Object.fromEntries(
    Object.entries(options.settings ?? {}).filter(([, value]) => value !== null),
  );
  return db
    .updateTable("workspaces")
    .set((eb) => ({
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.settings !== undefined
        ? {
            settings: sql<string>`(${eb.ref("settings")} || ${jsonb(merged)}::jsonb) - ${sql.val(removed)}::text[]`,
          }
        : {}),
    }))
    .where("id", "=", options.workspaceId)
    .returning(WORKSPACE_COLUMNS)
    .executeTakeFirst();
}

export interface EnsureDefaultWorkspaceOptions {
  name?: string;
  /** Made an owner of the default workspace (kept as is if already a member). */
  ownerUserId?: string | null;
  /** Seed the reference scaffolding into a newly created workspace; default true. */
  seed?: boolean;
}

/**
 * The workspace a fresh install starts with, seeded with the reference scaffolding. Idempotent
 * and safe when several processes start at once (the slug is unique).
 */
export async function ensureDefaultWorkspace(
  db: Kysely<DB>,
  options: EnsureDefaultWorkspaceOptions = {},
): Promise<{ workspace: Workspace; created: boolean }> {
  return withTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto("workspaces")
      .values({ name: options.name ?? "Default workspace", slug: DEFAULT_WORKSPACE_SLUG })
      .onConflict((oc) => oc.column("slug").doNothing())
      .returning(WORKSPACE_COLUMNS)
      .executeTakeFirst();
    const workspace =
      inserted ??
      (await trx
        .selectFrom("workspaces")
        .select(WORKSPACE_COLUMNS)
        .where("slug", "=", DEFAULT_WORKSPACE_SLUG)
        .executeTakeFirstOrThrow());

    if (inserted && (options.seed ?? true)) {
      await seedReferenceScaffolding(trx, { workspaceId: workspace.id });
    }
    if (options.ownerUserId) {
      await trx
        .insertInto("memberships")
        .values({ workspaceId: workspace.id, userId: options.ownerUserId, role: "owner" })
        .onConflict((oc) => oc.columns(["workspaceId", "userId"]).doNothing())
        .execute();
    }
    return { workspace, created: inserted !== undefined };
  });
}

/**
 * The first person to sign up on an install takes over the default workspace (the one the CLI
 * and a first `npm start` use), renamed after them, so batches started from the command line
 * show up in their web app. Returns it, or undefined once it has a member (later sign-ups get
 * their own workspace). Serialised on the workspace row, so two simultaneous sign-ups can't
 * both claim it.
 */
export async function claimDefaultWorkspace(
  db: Kysely<DB>,
  options: { userId: string; name: string },
): Promise<Workspace | undefined> {
  return withTransaction(db, async (trx) => {
    const workspace = await trx
      .selectFrom("workspaces")
      .select(WORKSPACE_COLUMNS)
      .where("slug", "=", DEFAULT_WORKSPACE_SLUG)
      .forUpdate()
      .executeTakeFirst();
    if (!workspace) return undefined;
    const member = await trx
      .selectFrom("memberships")
      .select("userId")
      .where("workspaceId", "=", workspace.id)
      .limit(1)
      .executeTakeFirst();
    if (member) return undefined;
    await trx
      .insertInto("memberships")
      .values({ workspaceId: workspace.id, userId: options.userId, role: "owner" })
      .execute();
    // Recorded as theirs, so ensureUserWorkspace knows they once had one.
    return trx
      .updateTable("workspaces")
      .set({ name: options.name, createdBy: options.userId })
      .where("id", "=", workspace.id)
      .returning(WORKSPACE_COLUMNS)
      .executeTakeFirstOrThrow();
  });
}

/**
 * Gives a new user their first workspace: the default one if nobody has claimed it yet, else a
 * workspace of their own, as owner, seeded with the reference scaffolding. Runs after better-auth
 * has committed the user (its after-hooks do not share its transaction), and again on a request
 * from a user who belongs to no workspace, so a sign-up whose hook failed is repaired on the next
 * request instead of stranding the user. Does nothing for a user who has a membership, or who
 * once had a workspace of their own and was removed from it (an owner's decision, not a fault).
 * Serialised on the user's row: two requests at once create one workspace.
 */
export async function ensureUserWorkspace(
  db: Kysely<DB>,
  options: { userId: string; name: string },
): Promise<{ workspace: Workspace; created: boolean } | undefined> {
  return withTransaction(db, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select("id")
      .where("id", "=", options.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!user) return undefined;
    const member = await trx
      .selectFrom("memberships")
      .select("id")
      .where("userId", "=", options.userId)
      .limit(1)
      .executeTakeFirst();
    if (member) return undefined;
    const ownedBefore = await trx
      .selectFrom("workspaces")
      .select("id")
      .where("createdBy", "=", options.userId)
      .limit(1)
      .executeTakeFirst();
    if (ownedBefore) return undefined;
    const claimed = await claimDefaultWorkspace(trx, options);
    if (claimed) return { workspace: claimed, created: false };
    const workspace = await createWorkspace(trx, {
      name: options.name,
      ownerUserId: options.userId,
      seedReferenceScaffolding: true,
    });
    return { workspace, created: true };
  });
}

/** "Ada Lovelace" → "Ada Lovelace's workspace": what a new user's first workspace is called. */
export function firstWorkspaceName(userName: string): string {
  return `${userName.trim() || "My"}'s workspace`;
}
