// Scaffolding: list, create, edit, retire and restore personas, emotional arcs, topics, edge
// cases, source chunks and (versioned) prompt templates. Thin over the db repositories; rows go
// out in the same camelCase shape the create/update inputs take, so a form edits a row as-is.
import {
  ARC_TYPES,
  activatePromptTemplateVersion,
  createEdgeCase,
  createEmotionalArc,
  createPersona,
  createPromptTemplateVersion,
  createSourceChunk,
  createTrainingTopic,
  type Database,
  findPromptTemplateByKey,
  isForeignKeyViolation,
  isUniqueViolation,
  listEdgeCases,
  listEmotionalArcs,
  listPersonas,
  listPromptTemplates,
  listPromptTemplateVersions,
  listSourceChunks,
  listTrainingTopics,
  restoreEdgeCase,
  restoreEmotionalArc,
  restorePersona,
  restorePromptTemplate,
  restoreSourceChunk,
  restoreTrainingTopic,
  retireEdgeCase,
  retireEmotionalArc,
  retirePersona,
  retirePromptTemplate,
  retireSourceChunk,
  retireTrainingTopic,
  type TemplateVariable,
  TIERS,
  updateEdgeCase,
  updateEmotionalArc,
  updatePersona,
  updateSourceChunk,
  updateTrainingTopic,
} from "@parley/db";
import {
  AppError,
  BUILT_IN_TEMPLATE_VARIABLES,
  templateVariablesSchema,
  validateTemplate,
} from "@parley/generation";
import { z } from "zod";
import { adminProcedure, router, workspaceProcedure } from "../trpc.ts";

// ------------------------------------------------------------------ shared shapes

const keySchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, "Use lowercase letters, digits, _ and - (at most 80)");
const name = (what: string) =>
  z.string().trim().min(1, `Give the ${what} a name`).max(120, "At most 120 characters");
const text = (max = 4000) => z.string().trim().max(max, `At most ${max} characters`);
const list = z.array(z.string().trim().min(1)).max(30, "At most 30 entries");
const ref = z.uuid("Pick one from the list").nullable();

const idInput = z.object({ id: z.uuid() });
/** An existing template's key, as stored (keys are at most 80 characters). */
const templateKey = z.string().min(1).max(80, "No template has a key that long");
const listInput = z.object({ includeRetired: z.boolean().default(false) }).default({
  includeRetired: false,
});
const rowBase = {
  id: z.string(),
  key: z.string(),
  retiredAt: z.date().nullable(),
  updatedAt: z.date(),
};

/** Lowercase ASCII key from a display name ("Anxious Planner" → "anxious_planner"). */
function keyFromName(value: string): string {
  const slug = value
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60);
  return slug === "" ? `item_${Date.now().toString(36)}` : slug;
}

/** Turns the constraint errors a user can fix into messages that name the field to change. */
async function saving<T>(what: string, key: string | undefined, run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        "CONFLICT",
        `A ${what} with the key "${key}" already exists: choose another key or name.`,
        { field: "key" },
      );
    }
    if (isForeignKeyViolation(error)) {
      throw new AppError("BAD_REQUEST", `A linked item no longer exists in this workspace.`);
    }
    throw error;
  }
}

function found<T>(row: T | undefined, what: string, id: string): T {
  if (!row) throw AppError.notFound(what, id);
  return row;
}

type Scope = { workspaceId: string };
type Ref = Scope & { id: string };

/** One simple kind: its fields, its row view, and the repository functions behind it. */
interface KindDefinition<Row extends View, Fields extends z.ZodObject, View> {
  /** Lowercase, for messages: "persona". */
  label: string;
  fields: Fields;
  /** What goes out: tRPC's output validation keeps these fields of the row and drops the rest. */
  view: z.ZodType<View, View>;
  /** The display field a key is derived from when none is given. */
  keyFrom: (input: z.infer<Fields>) => string;
  list: (db: Database, options: Scope & { includeRetired?: boolean }) => Promise<Row[]>;
  create: (db: Database, options: Scope & { key: string } & z.infer<Fields>) => Promise<Row>;
  update: (db: Database, options: Ref & Partial<z.infer<Fields>>) => Promise<Row | undefined>;
  retire: (db: Database, options: Ref) => Promise<Row | undefined>;
  restore: (db: Database, options: Ref) => Promise<Row | undefined>;
}

/** list / create / update / retire / restore for one kind, all scoped to the workspace. */
function kindRouter<Row extends View, Fields extends z.ZodObject, View>(
  kind: KindDefinition<Row, Fields, View>,
) {
  const what = kind.label.charAt(0).toUpperCase() + kind.label.slice(1);
  const createInput = kind.fields.extend({ key: keySchema.optional() });
  const updateInput = kind.fields.partial().extend(idInput.shape);
  // tRPC cannot resolve a resolver's return type over the generic View; `.output(kind.view)`
  // still validates every answer, strips the columns the view leaves out and gives callers
  // View, so the resolvers return `never`.
  const respond = (row: Row) => row as never;
  return router({
    list: workspaceProcedure
      .input(listInput)
      .output(z.array(kind.view))
      .query(
        async ({ ctx, input }) =>
          (await kind.list(ctx.db, { workspaceId: ctx.workspace.id, ...input })) as never,
      ),
    create: adminProcedure
      .input(createInput)
      .output(kind.view)
      .mutation(async ({ ctx, input }) => {
        const fields = input as z.infer<Fields> & { key?: string };
        const key = fields.key ?? keyFromName(kind.keyFrom(fields));
        const row = await saving(kind.label, key, () =>
          kind.create(ctx.db, { ...fields, key, workspaceId: ctx.workspace.id }),
        );
        return respond(row);
      }),
    update: adminProcedure
      .input(updateInput)
      .output(kind.view)
      .mutation(async ({ ctx, input }) => {
        const fields = input as Partial<z.infer<Fields>> & { id: string };
        const row = await saving(kind.label, undefined, () =>
          kind.update(ctx.db, { ...fields, workspaceId: ctx.workspace.id }),
        );
        return respond(found(row, what, fields.id));
      }),
    retire: adminProcedure
      .input(idInput)
      .output(kind.view)
      .mutation(async ({ ctx, input }) => {
        const row = await kind.retire(ctx.db, { ...input, workspaceId: ctx.workspace.id });
        return respond(found(row, what, input.id));
      }),
    restore: adminProcedure
      .input(idInput)
      .output(kind.view)
      .mutation(async ({ ctx, input }) => {
        const row = await kind.restore(ctx.db, { ...input, workspaceId: ctx.workspace.id });
        return respond(found(row, what, input.id));
      }),
  });
}

// ------------------------------------------------------------------ personas

export const personaFieldsSchema = z.object({
  name: name("persona"),
  archetype: text(120).optional(),
  description: text().optional(),
  background: text().optional(),
  traits: list.optional(),
  communicationStyle: text(1000).optional(),
  concerns: list.optional(),
});
const personaView = z.object({
  ...rowBase,
  name: z.string(),
  archetype: z.string(),
  description: z.string(),
  background: z.string(),
  traits: z.array(z.string()),
  communicationStyle: z.string(),
  concerns: z.array(z.string()),
});
const personasRouter = kindRouter({
  label: "persona",
  fields: personaFieldsSchema,
  view: personaView,
  keyFrom: (input) => input.name,
  list: listPersonas,
  create: createPersona,
  update: updatePersona,
  retire: retirePersona,
  restore: restorePersona,
});

// ------------------------------------------------------------------ emotional arcs

export const arcFieldsSchema = z.object({
  name: name("arc"),
  startEmotion: z.string().trim().min(1, "Name the emotion the arc starts from").max(80),
  endEmotion: z.string().trim().min(1, "Name the emotion the arc ends at").max(80),
  arcType: z.enum(ARC_TYPES).optional(),
  intermediateEmotions: list.optional(),
  description: text().optional(),
});
const arcView = z.object({
  ...rowBase,
  name: z.string(),
  startEmotion: z.string(),
  endEmotion: z.string(),
  arcType: z.enum(ARC_TYPES),
  intermediateEmotions: z.array(z.string()),
  description: z.string(),
});
const arcsRouter = kindRouter({
  label: "emotional arc",
  fields: arcFieldsSchema,
  view: arcView,
  keyFrom: (input) => input.name,
  list: listEmotionalArcs,
  create: createEmotionalArc,
  update: updateEmotionalArc,
  retire: retireEmotionalArc,
  restore: restoreEmotionalArc,
});

// ------------------------------------------------------------------ topics

export const topicFieldsSchema = z.object({
  name: name("topic"),
  description: text().optional(),
  category: text(120).optional(),
});
const topicView = z.object({
  ...rowBase,
  name: z.string(),
  description: z.string(),
  category: z.string(),
});
const topicsRouter = kindRouter({
  label: "topic",
  fields: topicFieldsSchema,
  view: topicView,
  keyFrom: (input) => input.name,
  list: listTrainingTopics,
  create: createTrainingTopic,
  update: updateTrainingTopic,
  retire: retireTrainingTopic,
  restore: restoreTrainingTopic,
});

// ------------------------------------------------------------------ edge cases

export const edgeCaseFieldsSchema = z.object({
  name: name("edge case"),
  expectedBehavior: z
    .string()
    .trim()
    .min(1, "Say what the consultant must do in this case")
    .max(2000, "At most 2000 characters"),
  description: text().optional(),
  category: text(120).optional(),
  personaId: ref.optional(),
  arcId: ref.optional(),
  topicId: ref.optional(),
});
const edgeCaseView = z.object({
  ...rowBase,
  name: z.string(),
  expectedBehavior: z.string(),
  description: z.string(),
  category: z.string(),
  personaId: z.string().nullable(),
  arcId: z.string().nullable(),
  topicId: z.string().nullable(),
});
const edgeCasesRouter = kindRouter({
  label: "edge case",
  fields: edgeCaseFieldsSchema,
  view: edgeCaseView,
  keyFrom: (input) => input.name,
  list: listEdgeCases,
  create: createEdgeCase,
  update: updateEdgeCase,
  retire: retireEdgeCase,
  restore: restoreEdgeCase,
});

// ------------------------------------------------------------------ source chunks

export const sourceChunkFieldsSchema = z.object({
  title: z.string().trim().min(1, "Give the excerpt a title").max(200, "At most 200 characters"),
  content: z
    .string()
    .trim()
    .min(1, "Paste the excerpt's text")
    .max(20_000, "At most 20 000 characters"),
  sourceDocument: text(300).optional(),
  sourceSection: text(300).optional(),
  topicId: ref.optional(),
});
const sourceChunkView = z.object({
  ...rowBase,
  title: z.string(),
  content: z.string(),
  sourceDocument: z.string(),
  sourceSection: z.string(),
  topicId: z.string().nullable(),
});
const sourceChunksRouter = kindRouter({
  label: "source chunk",
  fields: sourceChunkFieldsSchema,
  view: sourceChunkView,
  keyFrom: (input) => input.title,
  list: listSourceChunks,
  create: createSourceChunk,
  update: updateSourceChunk,
  retire: retireSourceChunk,
  restore: restoreSourceChunk,
});

// ------------------------------------------------------------------ prompt templates

export const templateFieldsSchema = z
  .object({
    name: name("template"),
    tier: z.enum(TIERS),
    body: z.string().min(1, "Write the template text").max(20_000, "At most 20 000 characters"),
    variables: templateVariablesSchema.default([]),
    description: text().optional(),
  })
  .superRefine((template, ctx) => {
    // The built-in values (persona, emotion, topic, ...) are always available, so a template
    // may use them without declaring them.
    const declared = new Set(template.variables.map((variable) => variable.name));
    const builtIns = BUILT_IN_TEMPLATE_VARIABLES.filter((name) => !declared.has(name)).map(
      (name) => ({ name, type: "text" as const, required: false }),
    );
    const variables = template.variables.length > 0 ? [...template.variables, ...builtIns] : [];
    // Syntax and body/definition mismatches are reported on the body, where they are fixed.
    for (const problem of validateTemplate({ body: template.body, variables }).errors) {
      ctx.addIssue({ code: "custom", path: ["body"], message: problem.message });
    }
  });
const templateView = z.object({
  ...rowBase,
  version: z.number(),
  isActive: z.boolean(),
  name: z.string(),
  tier: z.enum(TIERS),
  body: z.string(),
  variables: z.array(z.custom<TemplateVariable>()),
  description: z.string(),
  createdAt: z.date(),
});
const templatesRouter = router({
  /** The active version of each template key. */
  list: workspaceProcedure
    .input(listInput)
    .output(z.array(templateView))
    .query(
      async ({ ctx, input }) =>
        await listPromptTemplates(ctx.db, { workspaceId: ctx.workspace.id, ...input }),
    ),
  versions: workspaceProcedure
    .input(z.object({ key: templateKey }))
    .output(z.array(templateView))
    .query(
      async ({ ctx, input }) =>
        await listPromptTemplateVersions(ctx.db, { workspaceId: ctx.workspace.id, ...input }),
    ),
  create: adminProcedure
    .input(templateFieldsSchema.and(z.object({ key: keySchema.optional() })))
    .output(templateView)
    .mutation(async ({ ctx, input }) => {
      const key = input.key ?? keyFromName(input.name);
      if (await findPromptTemplateByKey(ctx.db, { workspaceId: ctx.workspace.id, key })) {
        throw new AppError(
          "CONFLICT",
          `A template with the key "${key}" already exists: edit it to add a version, or choose another key.`,
          { field: "key" },
        );
      }
      const row = await createPromptTemplateVersion(ctx.db, {
        ...input,
        key,
        workspaceId: ctx.workspace.id,
        createdBy: ctx.user?.id ?? null,
      });
      return row;
    }),
  /** Editing a template saves its next version, which becomes the active one. */
  saveVersion: adminProcedure
    .input(templateFieldsSchema.and(z.object({ key: templateKey })))
    .output(templateView)
    .mutation(async ({ ctx, input }) => {
      found(
        await findPromptTemplateByKey(ctx.db, { workspaceId: ctx.workspace.id, key: input.key }),
        "Template",
        input.key,
      );
      const row = await createPromptTemplateVersion(ctx.db, {
        ...input,
        workspaceId: ctx.workspace.id,
        createdBy: ctx.user?.id ?? null,
      });
      return row;
    }),
  activate: adminProcedure
    .input(idInput)
    .output(templateView)
    .mutation(async ({ ctx, input }) =>
      found(
        await activatePromptTemplateVersion(ctx.db, { ...input, workspaceId: ctx.workspace.id }),
        "Template version",
        input.id,
      ),
    ),
  retire: adminProcedure
    .input(idInput)
    .output(templateView)
    .mutation(async ({ ctx, input }) =>
      found(
        await retirePromptTemplate(ctx.db, { ...input, workspaceId: ctx.workspace.id }),
        "Template",
        input.id,
      ),
    ),
  restore: adminProcedure
    .input(idInput)
    .output(templateView)
    .mutation(async ({ ctx, input }) =>
      found(
        await restorePromptTemplate(ctx.db, { ...input, workspaceId: ctx.workspace.id }),
        "Template",
        input.id,
      ),
    ),
});

export const scaffoldingRouter = router({
  personas: personasRouter,
  arcs: arcsRouter,
  topics: topicsRouter,
  edgeCases: edgeCasesRouter,
  sourceChunks: sourceChunksRouter,
  templates: templatesRouter,
});
