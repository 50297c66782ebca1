// What each scaffolding kind's page shows and edits: its fields (how each is entered), the
// columns of its list, and the API procedures behind it. One editor component renders them all.
import { trpc } from "./trpc.ts";

export type ScaffoldingKindSlug = "personas" | "arcs" | "topics" | "edge-cases" | "source-chunks";
export type RefKind = "personas" | "arcs" | "topics";

export type FieldSpec = {
  name: string;
  label: string;
  help?: string;
  required?: boolean;
} & (
  | { input: "text" | "textarea" }
  /** Entered one per line, sent as a string array. */
  | { input: "list" }
  | { input: "select"; options: { value: string; label: string }[] }
  /** A reference to another kind's row; empty means none. */
  | { input: "ref"; refKind: RefKind }
);

/** A row as the API returns it: camelCase fields, as the create/update inputs take them. */
export type ScaffoldingRow = {
  id: string;
  key: string;
  retiredAt: Date | null;
  [field: string]: unknown;
};

type Input = Record<string, unknown>;
interface KindApi {
  create(input: Input): Promise<ScaffoldingRow>;
  update(input: Input & { id: string }): Promise<ScaffoldingRow>;
  retire(input: { id: string }): Promise<ScaffoldingRow>;
  restore(input: { id: string }): Promise<ScaffoldingRow>;
}

export interface ScaffoldingKind {
  slug: ScaffoldingKindSlug;
  title: string;
  singular: string;
  intro: string;
  /** The field shown as the row's name. */
  titleField: string;
  fields: FieldSpec[];
  /** Extra list columns: field name → heading. */
  columns: { field: string; heading: string }[];
  api: () => KindApi;
}

type Mutation = { mutate(input: never): Promise<unknown> };
type KindProcedures = Record<"create" | "update" | "retire" | "restore", Mutation>;

// The procedures validate their input with zod; the editor builds it from the field specs.
const call = (mutation: Mutation) => (input: unknown) =>
  mutation.mutate(input as never) as Promise<ScaffoldingRow>;
const api = (procedures: KindProcedures) => (): KindApi => ({
  create: call(procedures.create),
  update: call(procedures.update),
  retire: call(procedures.retire),
  restore: call(procedures.restore),
});

export const SCAFFOLDING_KINDS: Record<ScaffoldingKindSlug, ScaffoldingKind> = {
  personas: {
    slug: "personas",
    title: "Personas",
    singular: "persona",
    intro: "Who the client side of a conversation is.",
    titleField: "name",
    fields: [
      { name: "name", label: "Name", input: "text", required: true },
      { name: "archetype", label: "Archetype", input: "text", help: 'e.g. "The Anxious Planner"' },
      { name: "description", label: "Description", input: "textarea" },
      { name: "background", label: "Background", input: "textarea" },
      { name: "traits", label: "Traits", input: "list", help: "One per line" },
      { name: "communicationStyle", label: "Communication style", input: "text" },
      { name: "concerns", label: "Concerns", input: "list", help: "One per line" },
    ],
    columns: [
      { field: "archetype", heading: "Archetype" },
      { field: "traits", heading: "Traits" },
    ],
    api: api(trpc.scaffolding.personas),
  },
  arcs: {
    slug: "arcs",
    title: "Emotional arcs",
    singular: "emotional arc",
    intro: "The emotional journey the client travels, from a start to an end emotion.",
    titleField: "name",
    fields: [
      { name: "name", label: "Name", input: "text", required: true },
      { name: "startEmotion", label: "Start emotion", input: "text", required: true },
      { name: "endEmotion", label: "End emotion", input: "text", required: true },
      {
        name: "intermediateEmotions",
        label: "Intermediate emotions",
        input: "list",
        help: "One per line, in order",
      },
      {
        name: "arcType",
        label: "Arc type",
        input: "select",
        options: [
          { value: "core", label: "Core (used in every tier)" },
          { value: "edge_case", label: "Edge case only" },
        ],
      },
      { name: "description", label: "Description", input: "textarea" },
    ],
    columns: [
      { field: "startEmotion", heading: "From" },
      { field: "endEmotion", heading: "To" },
      { field: "arcType", heading: "Type" },
    ],
    api: api(trpc.scaffolding.arcs),
  },
  topics: {
    slug: "topics",
    title: "Topics",
    singular: "topic",
    intro: "What a conversation is about.",
    titleField: "name",
    fields: [
      { name: "name", label: "Name", input: "text", required: true },
      { name: "category", label: "Category", input: "text" },
      { name: "description", label: "Description", input: "textarea" },
    ],
    columns: [{ field: "category", heading: "Category" }],
    api: api(trpc.scaffolding.topics),
  },
  "edge-cases": {
    slug: "edge-cases",
    title: "Edge cases",
    singular: "edge case",
    intro: "Boundary situations, each with the behaviour the consultant must show.",
    titleField: "name",
    fields: [
      { name: "name", label: "Name", input: "text", required: true },
      {
        name: "expectedBehavior",
        label: "Expected behaviour",
        input: "textarea",
        required: true,
        help: "What the consultant must do, e.g. “gives a crisis line by turn 2”",
      },
      { name: "category", label: "Category", input: "text" },
      { name: "description", label: "Description", input: "textarea" },
      { name: "personaId", label: "Persona", input: "ref", refKind: "personas" },
      { name: "arcId", label: "Emotional arc", input: "ref", refKind: "arcs" },
      { name: "topicId", label: "Topic", input: "ref", refKind: "topics" },
    ],
    columns: [
      { field: "expectedBehavior", heading: "Expected behaviour" },
      { field: "personaId", heading: "Persona" },
      { field: "arcId", heading: "Arc" },
      { field: "topicId", heading: "Topic" },
    ],
    api: api(trpc.scaffolding.edgeCases),
  },
  "source-chunks": {
    slug: "source-chunks",
    title: "Source chunks",
    singular: "source chunk",
    intro: "Document excerpts that ground scenario-tier conversations.",
    titleField: "title",
    fields: [
      { name: "title", label: "Title", input: "text", required: true },
      { name: "content", label: "Content", input: "textarea", required: true },
      { name: "sourceDocument", label: "Source document", input: "text" },
      { name: "sourceSection", label: "Section", input: "text" },
      { name: "topicId", label: "Topic", input: "ref", refKind: "topics" },
    ],
    columns: [
      { field: "sourceDocument", heading: "Document" },
      { field: "topicId", heading: "Topic" },
    ],
    api: api(trpc.scaffolding.sourceChunks),
  },
};

export const SCAFFOLDING_TABS: { href: string; label: string }[] = [
  ...Object.values(SCAFFOLDING_KINDS).map((kind) => ({
    href: `/scaffolding/${kind.slug}`,
    label: kind.title,
  })),
  { href: "/scaffolding/templates", label: "Prompt templates" },
  { href: "/scaffolding/documents", label: "Documents" },
];

export function isScaffoldingKind(slug: string): slug is ScaffoldingKindSlug {
  return Object.hasOwn(SCAFFOLDING_KINDS, slug);
}
