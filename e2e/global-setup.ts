// Removes the throwaway clusters that earlier browser runs left behind (each run uses its own).
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";

export default function globalSetup(): void {
  const runsDir = path.resolve(import.meta.dirname, "../.data/e2e");
  const current = path.basename(process.env.E2E_DATA_DIR ?? "");
  let entries: string[] = [];
  try {
    entries = readdirSync(runsDir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(current))
      rmSync(path.join(runsDir, entry), { recursive: true, force: true });
  }
}
