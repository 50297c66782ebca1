// What every procedure receives: the database, the queue, the live-progress hub, and the
// workspace the caller acts in (null when the caller has none).
import type { Database } from "@parley/db";
import type { ProgressHub, Queue } from "@parley/queue";

export interface WorkspaceRef {
  id: string;
  name: string;
}

export interface ApiServices {
  db: Database;
  queue: Queue;
  progress: ProgressHub;
}

export interface ApiContext extends ApiServices {
  workspace: WorkspaceRef | null;
}

export function createApiContext(
  services: ApiServices,
  workspace: WorkspaceRef | null,
): ApiContext {
  return { ...services, workspace };
}
