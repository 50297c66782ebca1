// The `test` and `expect` every spec imports: one place to give each test a signed-in page once
// the app has accounts, so specs never click through a login form to get started.
import { expect, test as base } from "@playwright/test";

export const test = base;
export { expect };
