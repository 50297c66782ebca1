import type { ApiContext } from "@parley/api";

declare global {
  namespace App {
    interface Locals {
      api: ApiContext;
    }
  }
}
