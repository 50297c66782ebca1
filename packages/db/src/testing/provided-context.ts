// What the global setup hands to test workers through vitest's provide/inject.

declare module "vitest" {
  export interface ProvidedContext {
    /** A superuser URL of the test server's maintenance database. */
    parleyTestServerUrl: string;
    /** A migrated database that createTestDatabase() clones. */
    parleyTestTemplateDatabase: string;
  }
}

export {};
