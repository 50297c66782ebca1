// The consultant a workspace trains: the assistant's side of every conversation it generates.
import { z } from "zod";

export const consultantSchema = z.object({
  /** Display name, e.g. "Elena Morales, CFP". */
  name: z.string().min(1),
  /** The consultant's own system prompt: who they are and how they talk. */
  systemPrompt: z.string().min(1),
  /** Structured profile (expertise, philosophy, communication style...), any shape. */
  profile: z.record(z.string(), z.unknown()).default({}),
});
export type Consultant = z.infer<typeof consultantSchema>;
export type ConsultantInput = z.input<typeof consultantSchema>;
