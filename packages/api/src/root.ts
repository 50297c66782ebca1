// The app's whole API: one router per domain, merged here.
import { archiveRouter } from "./routers/archive.ts";
import { batchRouter } from "./routers/batch.ts";
import { conversationRouter } from "./routers/conversation.ts";
import { dashboardRouter } from "./routers/dashboard.ts";
import { documentsRouter } from "./routers/documents.ts";
import { exportRouter } from "./routers/export.ts";
import { generateRouter } from "./routers/generate.ts";
import { modelsRouter } from "./routers/models.ts";
import { notificationsRouter } from "./routers/notifications.ts";
import { presetsRouter } from "./routers/presets.ts";
import { promptsRouter } from "./routers/prompts.ts";
import { reviewRouter } from "./routers/review.ts";
import { reviewSampleRouter } from "./routers/review-sample.ts";
import { scaffoldingRouter } from "./routers/scaffolding.ts";
import { settingsRouter } from "./routers/settings.ts";
import { workspaceRouter } from "./routers/workspace.ts";
import { router } from "./trpc.ts";

export const appRouter = router({
  archive: archiveRouter,
  batch: batchRouter,
  conversation: conversationRouter,
  dashboard: dashboardRouter,
  documents: documentsRouter,
  export: exportRouter,
  generate: generateRouter,
  models: modelsRouter,
  prompts: promptsRouter,
  notifications: notificationsRouter,
  presets: presetsRouter,
  review: reviewRouter,
  reviewSample: reviewSampleRouter,
  scaffolding: scaffoldingRouter,
  settings: settingsRouter,
  workspace: workspaceRouter,
});

export type AppRouter = typeof appRouter;
