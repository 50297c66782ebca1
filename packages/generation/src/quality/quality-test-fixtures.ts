// Test fixtures: a good conversation from the reference domain and its context. Only tests
// import this file.
import type { GeneratedConversation } from "../conversation-schema.ts";
import type { QualityContext } from "./quality-types.ts";

export const goodContext: QualityContext = {
  tier: "template",
  persona: { name: "Marcus Chen - The Overwhelmed Avoider" },
  arc: { name: "Confusion → Clarity", startEmotion: "confusion", endEmotion: "clarity" },
  topic: { name: "401k Basics" },
  consultantName: "Elena Morales, CFP",
};

const emotion = (primary: string, intensity = 0.6) => ({ primary, intensity, secondary: [] });

export const goodConversation: GeneratedConversation = {
  title: "Making sense of a first 401k",
  summary:
    "Marcus admits he never opened his 401k paperwork; Elena walks him through the match and one first step.",
  turns: [
    {
      role: "user",
      content:
        "Honestly I don't even know where to start. My new job keeps emailing me about a 401k and I just close the emails because I have no idea what any of it means.",
      emotion: emotion("confused", 0.8),
    },
    {
      role: "assistant",
      content:
        "Thank you for telling me that, Marcus. Closing those emails is a really common reaction when something feels confusing, and it says nothing bad about you. Would it help if we looked at just one piece together, what the 401k actually is, before worrying about any of the choices inside it?",
      emotion: emotion("calm", 0.5),
    },
    {
      role: "user",
      content:
        "Yes, please. I keep hearing the word match and I honestly don't know if that is free money or some kind of catch that I am supposed to understand already.",
      emotion: emotion("uncertain", 0.6),
    },
    {
      role: "assistant",
      content:
        "It is closer to free money than a catch. A match means your employer adds money when you save: if they match half of what you put in up to six percent of your pay, saving six percent gets you three percent extra. Does your offer letter mention a percentage anywhere?",
      emotion: emotion("warm", 0.5),
    },
    {
      role: "user",
      content:
        "It says fifty percent up to six percent. Okay, that actually makes sense now. So if I put in six percent I am basically getting a raise I have been ignoring this whole time.",
      emotion: emotion("clear", 0.7),
    },
    {
      role: "assistant",
      content:
        "Exactly, and noticing that is a real step. This week you could log in once and set your contribution to six percent; we can look at the investment choices together next time. How does that first step feel to you?",
      emotion: emotion("encouraging", 0.6),
    },
  ],
};
