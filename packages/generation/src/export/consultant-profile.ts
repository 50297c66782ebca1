// Who the fine-tuned model is meant to be: the consultant profile the training_pairs format and
// the dataset card describe. It comes in as an input; nothing here assumes a domain.
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
