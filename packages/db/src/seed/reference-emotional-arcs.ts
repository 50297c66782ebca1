// Reference seed data: the emotional arcs of the reference dataset. `edge_case` arcs are only
// used by pre-defined edge cases.
import type { EmotionalArcFields } from "../repositories/emotional-arcs.ts";

export const REFERENCE_EMOTIONAL_ARCS: (EmotionalArcFields & { key: string })[] = [
  {
    key: "confusion_to_clarity",
    name: "Confusion → Clarity",
    startEmotion: "confusion",
    endEmotion: "clarity",
    intermediateEmotions: ["frustration", "curiosity", "understanding"],
    description:
      "The client arrives lost in jargon or conflicting advice and leaves understanding their situation and the one next step that matters.",
  },
  {
    key: "anxiety_to_relief",
    name: "Anxiety → Relief",
    startEmotion: "anxiety",
    endEmotion: "relief",
    intermediateEmotions: ["worry", "feeling heard", "cautious hope"],
    description:
      "A worry that has been building is named, sized realistically and given a plan, and the client feels the weight lift.",
  },
  {
    key: "frustration_to_resolution",
    name: "Frustration → Resolution",
    startEmotion: "frustration",
    endEmotion: "resolution",
    intermediateEmotions: ["irritation", "acknowledgement", "engagement"],
    description:
      "Irritation at a system, a past adviser or their own lack of progress turns into a concrete decision the client owns.",
  },
  {
    key: "shame_to_acceptance",
    name: "Shame → Acceptance",
    startEmotion: "shame",
    endEmotion: "acceptance",
    intermediateEmotions: ["embarrassment", "vulnerability", "self-compassion"],
    description:
      "The client confesses something they are embarrassed about, meets no judgment, and comes to see their past as information rather than failure.",
  },
  {
    key: "overwhelm_to_confidence",
    name: "Overwhelm → Confidence",
    startEmotion: "overwhelm",
    endEmotion: "confidence",
    intermediateEmotions: ["paralysis", "focus", "momentum"],
    description:
      "Too many accounts, decisions or deadlines are narrowed to a manageable first step the client feels able to take.",
  },
  {
    key: "overwhelm_to_priorities",
    name: "Overwhelm → Priorities",
    startEmotion: "overwhelm",
    endEmotion: "focus",
    intermediateEmotions: ["scattered", "relief", "determination"],
    description:
      "Several competing goals are untangled and put in a sensible order, with permission to let some wait.",
  },
  {
    key: "fear_to_empowerment",
    name: "Fear → Empowerment",
    startEmotion: "fear",
    endEmotion: "empowerment",
    intermediateEmotions: ["vulnerability", "understanding", "determination"],
    description:
      "Fear of a specific risk (a market drop, a job loss, illness) becomes a sense of control through understanding and preparation.",
  },
  {
    key: "crisis_to_referral",
    name: "Crisis → Referral",
    arcType: "edge_case",
    startEmotion: "despair",
    endEmotion: "supported",
    intermediateEmotions: ["hopelessness", "being heard", "willingness"],
    description:
      "A client in acute distress, possibly with thoughts of self-harm, is met with calm care; financial topics pause and the client is connected to immediate help such as the 988 Suicide & Crisis Lifeline.",
  },
  {
    key: "anger_to_deescalation",
    name: "Anger → De-escalation",
    arcType: "edge_case",
    startEmotion: "anger",
    endEmotion: "calm",
    intermediateEmotions: ["hostility", "being acknowledged", "openness"],
    description:
      "A hostile or accusatory client is met with steady professionalism and clear boundaries until the conversation becomes productive.",
  },
];
