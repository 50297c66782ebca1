// What a single generation is asked for: the scaffolding to combine, the template and its values,
// intent, tone and length. Checked by the API when the request comes in and again by the worker.
import { TIERS } from "@parley/db";
import { z } from "zod";

export const singleGenerationInputSchema = z
  .object({
    tier: z.enum(TIERS).default("template"),
    personaId: z.uuid("Pick a persona"),
    arcId: z.uuid("Pick an emotional arc"),
    topicId: z.uuid("Pick a topic"),
    /** A prompt template version; none: the built-in brief alone. */
    templateId: z.uuid().nullable().default(null),
    edgeCaseId: z.uuid().nullable().default(null),
    sourceChunkId: z.uuid().nullable().default(null),
    intent: z.string().trim().max(500, "At most 500 characters").default(""),
    tone: z.string().trim().max(200, "At most 200 characters").default(""),
    /** Messages, client and consultant together; the tier's default when unset. */
    turnCount: z
      .number()
      .int()
      .min(2, "At least 2 messages")
      .max(40, "At most 40 messages")
      .refine(
        (count) => count % 2 === 0,
        "Use an even number: the client opens, the consultant closes",
      )
      .nullable()
      .default(null),
    /** A model from the catalogue; the default model when unset. */
    model: z.string().trim().min(1).max(100).optional(),
    /** The user confirmed a model with no known price (its cost is then unknown). */
    acceptUnknownCost: z.boolean().default(false),
    /** Values for the template's variables (text and dropdown as strings, numbers as numbers). */
    templateValues: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  })
  .superRefine((input, ctx) => {
    if (input.tier === "scenario" && !input.sourceChunkId) {
      ctx.addIssue({
        code: "custom",
        path: ["sourceChunkId"],
        message: "A scenario conversation needs a source chunk",
      });
    }
    if (input.tier === "edge_case" && !input.edgeCaseId) {
      ctx.addIssue({
        code: "custom",
        path: ["edgeCaseId"],
        message: "An edge-case conversation needs an edge case",
      });
    }
  });

export type SingleGenerationInput = z.infer<typeof singleGenerationInputSchema>;
export type SingleGenerationRequest = z.input<typeof singleGenerationInputSchema>;
