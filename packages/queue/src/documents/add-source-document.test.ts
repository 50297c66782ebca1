// Uploading documents on the real Postgres: each format is read into chunks that follow its
// headings, the preview stores nothing, saving stores the document and the kept chunks together,
// and every bad file is refused with a reason while nothing half-stored remains.
import { deleteSourceDocument, listDocumentChunks, listSourceDocuments } from "@parley/db";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "@parley/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSourceDocument } from "./add-source-document.ts";
import { previewSourceDocument } from "./preview-source-document.ts";
import { SOURCE_DOCUMENT_MAX_BYTES } from "./read-source-document.ts";
import { handWrittenPdf } from "./testing/hand-written-pdf.ts";

let database: TestDatabase;
let workspaceId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  workspaceId = (await createTestWorkspace(database.db)).id;
});

afterAll(async () => {
  await database?.destroy();
});

const text = (value: string) => new Uint8Array(Buffer.from(value, "utf8"));
const guide = `# Emergency funds\n\nWhy a buffer matters.\n\n## How much\n\nThree to six months of expenses.\n\n## Where\n\nA separate savings account.\n`;

async function storedCounts() {
  const row = await sql<{ documents: number; chunks: number }>`
    select (select count(*)::int from source_documents where workspace_id = ${workspaceId}) as documents,
           (select count(*)::int from source_chunks where workspace_id = ${workspaceId}) as chunks`.execute(
    database.db,
  );
  return row.rows[0];
}

describe("previewSourceDocument", () => {
  it("reads Markdown, text, HTML and PDF into chunks that carry their heading path", async () => {
    const markdown = await previewSourceDocument({ fileName: "guide.md", bytes: text(guide) });
    expect(markdown.title).toBe("Emergency funds");
    expect(markdown.chunks.map((chunk) => chunk.headingPath)).toEqual([
      ["Emergency funds"],
      ["Emergency funds", "How much"],
      ["Emergency funds", "Where"],
    ]);

    const html = await previewSourceDocument({
      fileName: "page.html",
      bytes: text(
        "<html><head><title>Debt page</title><script>var x = 1;</script></head><body><nav>Home</nav><h1>Debt</h1><p>Pay the <b>highest</b> rate first.</p><h2>Cards</h2><ul><li>Stop new spending.</li></ul></body></html>",
      ),
    });
    expect(html.title).toBe("Debt page");
    expect(html.chunks.map((chunk) => [chunk.headingPath, chunk.text])).toEqual([
      [["Debt"], "Pay the highest rate first."],
      [["Debt", "Cards"], "Stop new spending."],
    ]);

    const plain = await previewSourceDocument({
      fileName: "notes.txt",
      bytes: text("1. Taxes\nFile on time.\n\n1.1 Deductions\nKeep receipts."),
    });
    expect(plain.chunks.map((chunk) => chunk.headingPath)).toEqual([
      ["1. Taxes"],
      ["1. Taxes", "1.1 Deductions"],
    ]);

    const pdf = await previewSourceDocument({
      fileName: "retirement.pdf",
      bytes: handWrittenPdf([
        { text: "Retirement basics", size: 20 },
        { text: "Start early and let compounding work.", size: 11 },
        { text: "Employer match", size: 15 },
        { text: "Always take the full match.", size: 11 },
      ]),
    });
    expect(pdf.kind).toBe("pdf");
    expect(pdf.chunks.map((chunk) => [chunk.headingPath, chunk.text])).toEqual([
      [["Retirement basics"], "Start early and let compounding work."],
      [["Retirement basics", "Employer match"], "Always take the full match."],
    ]);
    expect(await storedCounts()).toEqual({ documents: 0, chunks: 0 });
  });

  it("re-chunks with the user's budget and overlap", async () => {
    const long = `# Long\n\n${Array.from({ length: 40 }, (_, i) => `Point ${i} about budgeting well.`).join(" ")}`;
    const coarse = await previewSourceDocument({ fileName: "long.md", bytes: text(long) });
    const fine = await previewSourceDocument(
      { fileName: "long.md", bytes: text(long) },
      { maxTokens: 60, overlapTokens: 10 },
    );
    expect(coarse.chunks).toHaveLength(1);
    expect(fine.chunks.length).toBeGreaterThan(4);
    expect(fine.chunks.every((chunk) => chunk.tokenCount <= 60)).toBe(true);
  });

  it.each([
    ["empty.md", new Uint8Array(), /is empty/],
    ["huge.txt", new Uint8Array(SOURCE_DOCUMENT_MAX_BYTES + 1).fill(97), /at most 10 MB/],
    ["slides.pptx", text("PK something"), /not a type Parley reads.*\.md.*\.txt.*\.pdf.*\.html/],
    [
      "locked.pdf",
      handWrittenPdf([{ text: "Secret", size: 11 }], { encrypted: true }),
      /encrypted \(password-protected\)/,
    ],
    ["broken.pdf", text("%PDF-1.4 this is not really a pdf"), /could not be read/],
    ["fake.pdf", text("just text"), /named \.pdf but is not a PDF/],
    ["blank.pdf", handWrittenPdf([]), /no text layer/],
    ["headings.md", text("# Only\n\n## Headings"), /no text to chunk/],
    ["binary.txt", new Uint8Array([0xff, 0xfe, 0x00, 0x41]), /not UTF-8 text/],
  ])("refuses %s with a reason the user can act on", async (fileName, bytes, reason) => {
    await expect(previewSourceDocument({ fileName, bytes })).rejects.toThrow(reason);
    await expect(
      addSourceDocument(database.db, { workspaceId, userId: null, file: { fileName, bytes } }),
    ).rejects.toThrow(reason);
    expect(await storedCounts()).toEqual({ documents: 0, chunks: 0 });
  });
});

describe("addSourceDocument", () => {
  it("stores the document with the chunks the user kept and edited, in order, with stable keys", async () => {
    const { document, chunks } = await addSourceDocument(database.db, {
      workspaceId,
      userId: null,
      file: { fileName: "guide.md", bytes: text(guide) },
      settings: {
        chunking: { maxTokens: 200, overlapTokens: 20 },
        chunks: [
          { text: "Why a buffer matters, edited.", headingPath: ["Emergency funds"] },
          { text: "A separate savings account.", headingPath: ["Emergency funds", "Where"] },
        ],
      },
    });
    expect(document).toMatchObject({
      title: "Emergency funds",
      kind: "markdown",
      maxTokens: 200,
      overlapTokens: 20,
    });
    expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(document.originalText).toContain("Three to six months");
    expect(
      chunks.map((chunk) => [chunk.title, chunk.content, chunk.headingPath, chunk.position]),
    ).toEqual([
      ["Emergency funds", "Why a buffer matters, edited.", ["Emergency funds"], 0],
      ["Where", "A separate savings account.", ["Emergency funds", "Where"], 1],
    ]);
    expect(chunks[0]?.key).toBe(`doc-${document.id}-001`);
    const listed = await listSourceDocuments(database.db, { workspaceId });
    expect(listed).toEqual([
      expect.objectContaining({ id: document.id, chunkCount: 2, conversationCount: 0 }),
    ]);
    const reread = await listDocumentChunks(database.db, { workspaceId, documentId: document.id });
    expect(reread.map((chunk) => chunk.id)).toEqual(chunks.map((chunk) => chunk.id));

    // The same file again is refused by name, and nothing new is stored.
    await expect(
      addSourceDocument(database.db, {
        workspaceId,
        userId: null,
        file: { fileName: "copy.md", bytes: text(guide) },
      }),
    ).rejects.toThrow(/already uploaded as "Emergency funds"/);
    expect(await storedCounts()).toEqual({ documents: 1, chunks: 2 });

    await deleteSourceDocument(database.db, { workspaceId, id: document.id });
    expect(await storedCounts()).toEqual({ documents: 0, chunks: 0 });
  });

  it("keeps nothing when storing a chunk fails halfway", async () => {
    await expect(
      addSourceDocument(database.db, {
        workspaceId,
        userId: null,
        file: { fileName: "guide.md", bytes: text(guide) },
        // A NUL (the API refuses it up front) fails the chunks' insert, after the document's.
        settings: { chunks: [{ text: "ok", headingPath: ["x".repeat(300), "\u0000"] }] },
      }),
    ).rejects.toThrow();
    expect(await storedCounts()).toEqual({ documents: 0, chunks: 0 });
  });
});
