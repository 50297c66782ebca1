import { describe, expect, it } from "vitest";
import { describeExportSelection } from "./left-out.ts";

describe("describeExportSelection", () => {
  it("names conversations archived by hand and how to bring them back, for each audience", () => {
    const summary = {
      matched: 10,
      written: 10,
      leftOut: [{ reason: "archived" as const, count: 2 }],
    };
    expect(describeExportSelection(summary, "cli")).toBe(
      "matched 10 conversations, wrote 10; left out 2 archived (`parley conversations restore ID...` brings them back)",
    );
    expect(describeExportSelection(summary, "web")).toContain(
      "2 archived (restore them from Conversations → Archived)",
    );
  });
});
