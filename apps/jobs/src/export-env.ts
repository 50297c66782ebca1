// The export job's configuration, parsed once at worker start: where stored exports go and the
// fallback HuggingFace token and Hub address for pushes when the workspace has set none (the token
// is kept out of logs and error messages).
import { exportsRoot } from "@parley/queue";
import { z } from "zod";

const exportEnvSchema = z.object({
  /** Default <repo>/.data/exports. */
  PARLEY_EXPORTS_DIR: z.string().min(1).optional(),
  HF_TOKEN: z.string().min(1).optional(),
  /** A self-hosted or stand-in Hub; default https://huggingface.co. */
  HF_ENDPOINT: z.url().optional(),
});

export interface ExportEnv {
  exportsDir: string;
  hubToken: string | undefined;
  hubEndpoint: string | undefined;
}

export function readExportEnv(source: Record<string, string | undefined>): ExportEnv {
  const env = exportEnvSchema.parse(source);
  return {
    exportsDir: exportsRoot(env.PARLEY_EXPORTS_DIR),
    hubToken: env.HF_TOKEN,
    hubEndpoint: env.HF_ENDPOINT,
  };
}
