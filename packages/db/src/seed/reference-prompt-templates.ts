// Reference seed data: one prompt template per tier. Besides the variables declared here they
// use the generation package's built-in values (persona_name, arc_name, topic_name, turn_count,
// consultant_name, …); source context and edge-case behaviour are added by the prompt builder.
import type { PromptTemplateFields } from "../repositories/prompt-templates.ts";
import type { TemplateVariable } from "../schema.ts";

const TONE: TemplateVariable = {
  name: "tone",
  type: "dropdown",
  label: "Consultant tone",
  helpText: "How the consultant should come across in this conversation",
  options: [
    "warm and reassuring",
    "direct and practical",
    "gentle and patient",
    "upbeat and encouraging",
  ],
  defaultValue: "warm and reassuring",
};

const CLIENT_GOAL: TemplateVariable = {
  name: "client_goal",
  type: "text",
  label: "What the client wants",
  helpText: "Optional: the concrete outcome the client is hoping for, in their own words",
  required: false,
};

export const REFERENCE_PROMPT_TEMPLATES: (PromptTemplateFields & { key: string })[] = [
  {
    key: "template_emotional_arc",
    name: "Emotional arc conversation",
    tier: "template",
    description: "Tier 1: a conversation that demonstrates one emotional arc on one topic.",
    variables: [TONE, CLIENT_GOAL],
    body: `Write a realistic conversation of {{turn_count}} messages between {{persona_name}} (the client) and {{consultant_name}} (the consultant). The client speaks first and the two alternate.

Client: {{persona_name}} — {{persona_description}}
Topic: {{topic_name}} — {{topic_description}}
Emotional arc: {{arc_name}}. The client starts in {{start_emotion}} and, through the consultant's responses, ends in {{end_emotion}}. Make each step of that change visible and earned.
{{client_goal ? 'The client is hoping for this outcome, stated in their own words early on.' : ''}} {{client_goal|}}

The consultant's tone is {{tone}}. Show emotional intelligence before expertise: acknowledge and normalise the feeling, ask permission before teaching, use concrete numbers, and end with one clear next step.`,
  },
  {
    key: "scenario_source_grounded",
    name: "Scenario grounded in a source document",
    tier: "scenario",
    description:
      "Tier 2: a real-world scenario where the consultant draws on the supplied source excerpt.",
    variables: [TONE, CLIENT_GOAL],
    body: `Write a realistic conversation of {{turn_count}} messages between {{persona_name}} (the client) and {{consultant_name}} (the consultant), set in a real-world situation about {{topic_name}}. The client speaks first and the two alternate.

Client: {{persona_name}} — {{persona_description}}
Emotional arc: {{arc_name}} (from {{start_emotion}} to {{end_emotion}}).
{{client_goal ? 'The client is hoping for this outcome:' : ''}} {{client_goal|}}

The client brings specifics from their own life that connect to the source excerpt provided with this request. The consultant uses the facts in that excerpt accurately—quoting figures only when they appear there—and translates them into the client's situation. The consultant's tone is {{tone}}; feelings first, then facts, then one next step.`,
  },
  {
    key: "edge_case_boundary",
    name: "Edge case with expected behaviour",
    tier: "edge_case",
    description:
      "Tier 3: a boundary situation; the consultant must show the expected behaviour given with the request.",
    variables: [TONE],
    body: `Write a realistic conversation of {{turn_count}} messages between {{persona_name}} (the client) and {{consultant_name}} (the consultant). The client speaks first and the two alternate.

Client: {{persona_name}} — {{persona_description}}
Topic: {{topic_name}}
Emotional arc: {{arc_name}} (from {{start_emotion}} to {{end_emotion}}).

This is an edge case. The situation and the behaviour the consultant must demonstrate are given with this request; the consultant must demonstrate it clearly and at the right moment, even if that means leaving the financial topic unfinished. The consultant stays {{tone}}, never judgmental, and never gives advice outside their competence.`,
  },
];
