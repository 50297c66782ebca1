// A scenario conversation's document and chunk travel in every metadata-carrying format, so a
// trainer can trace each example back to the passage it was written from.
import { describe, expect, it } from "vitest";
import { makeConversation, TEST_PROFILE } from "../testing/conversation-fixtures.ts";
import { toJsonArrayElement } from "./json-array-format.ts";
import { toMessagesRecord } from "./messages-format.ts";
import { toParquetRow } from "./parquet-format.ts";
import { toTrainingPairsRecord, validateTrainingPairsRecord } from "./training-pairs-format.ts";

const scenario = makeConversation({
  tier: "scenario",
  sourceChunk: {
    key: "doc-1-002",
    title: "Where",
    chunkId: "chunk-2",
    documentId: "doc-1",
    documentTitle: "Emergency funds",
    headingPath: ["Emergency funds", "Where"],
  },
});

describe("source context in exports", () => {
  it("carries document_id and chunk_id in messages metadata, JSON, Parquet and training pairs", () => {
    expect(toMessagesRecord(scenario).metadata).toMatchObject({
      document_id: "doc-1",
      chunk_id: "chunk-2",
    });
    expect(toJsonArrayElement(scenario).source_context).toEqual({
      document_id: "doc-1",
      document_title: "Emergency funds",
      chunk_id: "chunk-2",
      chunk_title: "Where",
      heading_path: ["Emergency funds", "Where"],
    });
    expect(toParquetRow(scenario)).toMatchObject({ document_id: "doc-1", chunk_id: "chunk-2" });
    const record = toTrainingPairsRecord(scenario, {
      datasetName: "d",
      datasetVersion: "1.0.0",
      consultantProfile: TEST_PROFILE,
    });
    expect(record.training_pairs[0]?.conversation_metadata.source_context?.chunk_id).toBe(
      "chunk-2",
    );
    expect(validateTrainingPairsRecord(record)).toEqual([]);
  });

  it("writes null where a conversation had no source chunk", () => {
    const plain = makeConversation({ sourceChunk: null });
    expect(toMessagesRecord(plain).metadata).toMatchObject({ document_id: null, chunk_id: null });
    expect(toJsonArrayElement(plain).source_context).toBeNull();
  });
});
