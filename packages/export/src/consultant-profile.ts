// Who the fine-tuned model is meant to be: the consultant profile the training_pairs format and
// the dataset card describe. It comes in as an input; nothing here assumes a domain.

import type { Consultant } from "@parley/generation";
import { z } from "zod";

export const consultantProfileSchema = z.object({
  name: z.string().min(1),
  business: z.string().default(""),
  expertise: z.string().default(""),
  yearsExperience: z.number().int().min(0).nullable().default(null),
  /** Principle name → what it means in practice. */
  corePhilosophy: z.record(z.string(), z.string()).default({}),
  communicationStyle: z
    .object({
      tone: z.string().default(""),
      techniques: z.array(z.string()).default([]),
      avoid: z.array(z.string()).default([]),
    })
    .default({ tone: "", techniques: [], avoid: [] }),
});
export type ConsultantProfile = z.infer<typeof consultantProfileSchema>;
export type ConsultantProfileInput = z.input<typeof consultantProfileSchema>;

/** The profile as the spec's `consultant_profile` block (snake_case keys). */
export function consultantProfileRecord(profile: ConsultantProfile) {
  return {
    name: profile.name,
    business: profile.business,
    expertise: profile.expertise,
    years_experience: profile.yearsExperience,
    core_philosophy: profile.corePhilosophy,
    communication_style: {
      tone: profile.communicationStyle.tone,
      techniques: profile.communicationStyle.techniques,
      avoid: profile.communicationStyle.avoid,
    },
  };
}

/** "Name - Business", or just the name when there is no business. */
export function consultantDisplayName(profile: ConsultantProfile): string {
  return profile.business ? `${profile.name} - ${profile.business}` : profile.name;
}

/**
 * A system prompt derived from the profile, for exports that were not given one: the model
 * being trained should know whom it plays and how that person speaks.
 */
export function systemPromptFromProfile(profile: ConsultantProfile): string {
  const lines = [`You are ${consultantDisplayName(profile)}.`];
  if (profile.expertise) lines.push(`Expertise: ${profile.expertise}.`);
  const principles = Object.entries(profile.corePhilosophy);
  if (principles.length > 0) {
    lines.push("Core philosophy:", ...principles.map(([name, meaning]) => `- ${name}: ${meaning}`));
  }
  const style = profile.communicationStyle;
  if (style.tone) lines.push(`Tone: ${style.tone}.`);
  if (style.techniques.length > 0) lines.push(`Techniques: ${style.techniques.join(", ")}.`);
  if (style.avoid.length > 0) lines.push(`Avoid: ${style.avoid.join(", ")}.`);
  return lines.join("\n");
}

type ConsultantRecord = Pick<Consultant, "name" | "profile">;

/**
 * The export profile from the workspace's consultant (prompt/consultant.ts), whose `profile` is
 * free-form: known fields are read in camelCase or snake_case, anything else is ignored.
 */
export function consultantProfileFromConsultant(consultant: ConsultantRecord): ConsultantProfile {
  const profile = consultant.profile;
  const field = (camel: string, snake: string): unknown => profile[camel] ?? profile[snake];
  const style = field("communicationStyle", "communication_style");
  const styleRecord = isRecord(style) ? style : {};
  const philosophy = field("corePhilosophy", "core_philosophy");
  const years = field("yearsExperience", "years_experience");
  return consultantProfileSchema.parse({
    name: consultant.name,
    business: stringOr(field("business", "business"), ""),
    expertise: stringOr(field("expertise", "expertise"), ""),
    yearsExperience:
      typeof years === "number" && Number.isInteger(years) && years >= 0 ? years : null,
    corePhilosophy: isRecord(philosophy)
      ? Object.fromEntries(
          Object.entries(philosophy).filter(
            (entry): entry is [string, string] => typeof entry[1] === "string",
          ),
        )
      : {},
    communicationStyle: {
      tone: stringOr(styleRecord.tone, ""),
      techniques: stringList(styleRecord.techniques),
      avoid: stringList(styleRecord.avoid),
    },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}
