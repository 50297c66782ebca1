// Builds workspace packages through turbo, which skips the work when the inputs are unchanged.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function runTurbo(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("turbo", [...args, "--output-logs=errors-only"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`turbo ${args.join(" ")} exited with ${code}`)),
    );
  });
}

export function runBuild(packages: string[]): Promise<void> {
  return runTurbo(["run", "build", ...packages.map((name) => `--filter=${name}`)]);
}
