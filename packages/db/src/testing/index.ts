// Test helpers for any package that runs integration tests against the real Postgres. Pair
// with the global setup: `globalSetup: ["@parley/db/testing/global-setup"]`.
export {
  type CreateTestDatabaseOptions,
  createTestDatabase,
  createTestUser,
  createTestWorkspace,
  type TestDatabase,
} from "./create-test-database.ts";
