// Reading and writing plan files for `parley batch plan` and `batch create --plan`: a file that is
// missing, not JSON or not a plan says so, with rows counted from 1 as in an editor's list.
import { readFile, writeFile } from "node:fs/promises";
import { AppError } from "@parley/generation";
import { type BatchPlanFile, batchPlanFileSchema } from "@parley/queue";

export async function readPlanFile(path: string): Promise<BatchPlanFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      "BAD_REQUEST",
      code === "ENOENT"
        ? `--plan: ${path} does not exist; write one with: npm run parley -- batch plan --count N --out ${path}`
        : `--plan: ${path} cannot be read (${code ?? "unknown error"})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      "BAD_REQUEST",
      `--plan: ${path} is not JSON (${(error as Error).message}); fix it or write a new plan with parley batch plan`,
    );
  }
  const parsed = batchPlanFileSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.slice(0, 20).map((issue) => {
    const [first, second, ...rest] = issue.path;
    // rows.4.tier is the fifth row: say "row 5, tier" as the row checks do.
    const where =
      first === "rows" && typeof second === "number"
        ? `row ${second + 1}${rest.length > 0 ? `, ${rest.join(".")}` : ""}`
        : issue.path.join(".") || "the file";
    return `${where}: ${issue.message}`;
  });
  throw new AppError("BAD_REQUEST", `--plan: ${path} is not a plan file:\n  ${lines.join("\n  ")}`);
}

export async function writePlanFile(path: string, file: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(file, null, 2)}\n`);
}
