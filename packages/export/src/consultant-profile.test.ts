import { describe, expect, it } from "vitest";
import { consultantProfileFromConsultant, systemPromptFromProfile } from "./consultant-profile.ts";

describe("consultant profile", () => {
  it("reads the workspace consultant's free-form profile in either key style", () => {
    const profile = consultantProfileFromConsultant({
      name: "Dana Reyes",
      profile: {
        business: "Northside Counselling",
        years_experience: 12,
        core_philosophy: { listen_first: "Understand before advising", ignored: 3 },
        communicationStyle: { tone: "gentle", techniques: ["reflection", 4], avoid: ["lecturing"] },
        unrelated: true,
      },
    });
    expect(profile).toEqual({
      name: "Dana Reyes",
      business: "Northside Counselling",
      expertise: "",
      yearsExperience: 12,
      corePhilosophy: { listen_first: "Understand before advising" },
      communicationStyle: { tone: "gentle", techniques: ["reflection"], avoid: ["lecturing"] },
    });
  });

  it("derives a system prompt that says who the model plays and how it speaks", () => {
    const prompt = systemPromptFromProfile(
      consultantProfileFromConsultant({
        name: "Dana Reyes",
        profile: { communicationStyle: { tone: "gentle", avoid: ["lecturing"] } },
      }),
    );
    expect(prompt).toBe("You are Dana Reyes.\nTone: gentle.\nAvoid: lecturing.");
  });
});
