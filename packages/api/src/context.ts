// What every procedure receives: the database, the queue, the live-progress hub, and who is
// calling (the workspace they act in, null when they have none).
import type { Database } from "@parley/db";
import type { ProgressHub, Queue } from "@parley/queue";

export interface WorkspaceRef {
  id: string;
  name: string;
}

export interface UserRef {
  id: string;
  email: string;
  name: string;
}

export interface ApiServices {
  db: Database;
  queue: Queue;
  progress: ProgressHub;
  /** Whether generation runs on the simulated provider (no API key configured). */
  simulated: boolean;
}

export interface ApiContext extends ApiServices {
  workspace: WorkspaceRef | null;
  user: UserRef | null;
}

export function createApiContext(
  services: ApiServices,
  caller: { workspace: WorkspaceRef | null; user: UserRef | null },
): ApiContext {
  return { ...services, ...caller };
}
