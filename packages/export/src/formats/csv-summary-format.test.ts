import { describe, expect, it } from "vitest";
import { exportToStream } from "../export-to-stream.ts";
import { makeConversation, streamOf } from "../testing/conversation-fixtures.ts";
import { MemoryOutput } from "../testing/memory-output.ts";
import { CSV_SUMMARY_COLUMNS, validateCsvSummary } from "./csv-summary-format.ts";
import { parseCsv } from "./csv-text.ts";

describe("CSV summary format", () => {
  it("writes a header and one row per conversation, quoting commas, quotes and line breaks", async () => {
    const output = new MemoryOutput();
    const tricky = makeConversation({
      id: "b",
      title: 'He said "no", then left\nfor good',
      simulated: true,
      qualityScore: null,
      costUsd: null,
    });
    const result = await exportToStream(
      streamOf([makeConversation({ id: "a" }), tricky]),
      "csv",
      output,
    );
    expect(result.rows).toBe(2);
    const text = output.text();
    expect(text.split("\r\n")[0]).toBe(CSV_SUMMARY_COLUMNS.join(","));
    expect(text).toContain('"He said ""no"", then left\nfor good"');
    const [header, first, second] = parseCsv(text);
    const column = (row: string[] | undefined, name: string) => row?.[header?.indexOf(name) ?? -1];
    expect(column(first, "persona")).toBe("Marcus Chen");
    expect(column(first, "turns")).toBe("4");
    expect(column(first, "quality_score")).toBe("8.5");
    expect(column(first, "cost_usd")).toBe("0.0123");
    expect(column(second, "title")).toBe('He said "no", then left\nfor good');
    expect(column(second, "simulated")).toBe("true");
    expect(column(second, "quality_score")).toBe("");
    expect(validateCsvSummary(text)).toEqual({ valid: true, issues: [] });
  });

  it("writes just the header when there is nothing to export", async () => {
    const output = new MemoryOutput();
    await exportToStream(streamOf([]), "csv", output);
    expect(output.text()).toBe(`${CSV_SUMMARY_COLUMNS.join(",")}\r\n`);
  });

  it("the validator catches a wrong header, a short row and a non-numeric score", () => {
    expect(validateCsvSummary("a,b\r\n").issues[0]?.message).toMatch(/header/);
    const header = `${CSV_SUMMARY_COLUMNS.join(",")}\r\n`;
    expect(validateCsvSummary(`${header}x,y\r\n`).issues[0]).toMatchObject({
      line: 2,
      message: expect.stringMatching(/Expected 15/),
    });
    const row = [
      "id1",
      "fp_p_001",
      "t",
      "template",
      "approved",
      "p",
      "a",
      "t",
      "",
      "4",
      "high",
      "false",
      "false",
      "0.1",
      "2025-01-01",
    ];
    expect(validateCsvSummary(`${header}${row.join(",")}\r\n`).issues[0]).toMatchObject({
      path: "quality_score",
    });
  });

  it("parseCsv rejects an unterminated quote", () => {
    expect(() => parseCsv('a,"b\r\n')).toThrow(/Unterminated/);
  });
});
