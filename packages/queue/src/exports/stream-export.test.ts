// streamExport over a real Postgres, with the lines checked by rules written here from the
// OpenAI chat fine-tuning format and ShareGPT's conventions, not by the product's own validators:
// a bug shared by a writer and its validator would pass the validator, but not these.
import { Writable } from "node:stream";
import {
  createConversation,
  type Database,
  editConversationTurn,
  findActiveScaffolding,
  type NewTurn,
} from "@parley/db";
import { createTestDatabase, createTestWorkspace, type TestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamExport } from "./stream-export.ts";

let database: TestDatabase;
let workspaceId: string;
const ids: Record<string, string> = {};

class Collect extends Writable {
  readonly chunks: Buffer[] = [];
  constructor() {
    super({
      write: (chunk: Buffer, _encoding, callback) => {
        this.chunks.push(Buffer.from(chunk));
        callback();
      },
    });
  }
  lines(): Record<string, unknown>[] {
    return Buffer.concat(this.chunks)
      .toString("utf8")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line));
  }
}

const turn = (role: NewTurn["role"], content: string): NewTurn => ({ role, content });

/** Problems an OpenAI chat fine-tuning upload would reject or train badly on; [] when fine. */
function openAiChatProblems(line: Record<string, unknown>, allowedTopLevel: string[]): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(line)) {
    if (!allowedTopLevel.includes(key)) problems.push(`unknown top-level key ${key}`);
  }
  const messages = line.messages;
  if (!Array.isArray(messages) || messages.length === 0) return [...problems, "no messages"];
  const dialogue: string[] = [];
  messages.forEach((message: Record<string, unknown>, index) => {
    for (const key of Object.keys(message)) {
      if (!["role", "content", "weight", "name"].includes(key))
        problems.push(`message ${index}: unknown key ${key}`);
    }
    const role = message.role;
    if (role !== "system" && role !== "user" && role !== "assistant") {
      problems.push(`message ${index}: role ${String(role)}`);
    }
    if (role === "system" && index !== 0) problems.push(`message ${index}: system not first`);
    if (typeof message.content !== "string" || message.content.trim() === "") {
      problems.push(`message ${index}: empty content`);
    }
    if ("weight" in message && (role !== "assistant" || ![0, 1].includes(message.weight as number)))
      problems.push(`message ${index}: weight`);
    if (role === "user" || role === "assistant") dialogue.push(role);
  });
  if (!dialogue.includes("assistant")) problems.push("no assistant message");
  dialogue.forEach((role, index) => {
    if (role !== (index % 2 === 0 ? "user" : "assistant"))
      problems.push(`dialogue turn ${index} is ${role}: user and assistant must alternate`);
  });
  if (dialogue.at(-1) !== "assistant") problems.push("does not end with an assistant answer");
  return problems;
}

async function exportLines(
  db: Database,
  format: "messages" | "sharegpt",
  options: Record<string, unknown> = {},
) {
  const output = new Collect();
  const result = await streamExport(db, output, { workspaceId, format, options });
  return { result, lines: output.lines() };
}

beforeAll(async () => {
  database = await createTestDatabase();
  workspaceId = (await createTestWorkspace(database.db, { seed: true })).id;
  const scaffolding = await findActiveScaffolding(database.db, { workspaceId });
  const base = {
    workspaceId,
    tier: "template" as const,
    personaId: scaffolding.personas[0]?.id ?? null,
    arcId: scaffolding.arcs[0]?.id ?? null,
    topicId: scaffolding.topics[0]?.id ?? null,
    simulated: true,
  };
  const create = async (name: string, turns: NewTurn[]) => {
    ids[name] = (await createConversation(database.db, { ...base, title: name, turns })).id;
  };
  await create("plain", [
    turn("user", "I keep putting off my retirement plan."),
    turn("assistant", "That is common. What feels hardest about starting?"),
    turn("user", "Not knowing where to begin."),
    turn("assistant", "Let us begin with what you already have."),
  ]);
  // A stored system turn, two answers in a row and a trailing question: what a hand-edited or
  // imported conversation can look like.
  await create("messy", [
    turn("system", "You are a consultant."),
    turn("user", "Is it too late for me?"),
    turn("assistant", "No."),
    turn("assistant", "Many people start in their fifties."),
    turn("user", "Really?"),
    turn("assistant", "Really. Here is how."),
    turn("user", "Thanks, one more thing..."),
  ]);
  await create("unanswered", [turn("user", "Hello?")]);
  await create("edited", [
    turn("user", "Should I pay off my card first?"),
    turn("assistant", "Buy this stock."),
  ]);
  await editConversationTurn(database.db, {
    workspaceId,
    conversationId: ids.edited ?? "",
    turnNumber: 2,
    content: "Usually the high-interest debt first; let us look at your numbers.",
  });
});

afterAll(async () => {
  await database?.destroy();
});

describe("streamExport from Postgres", () => {
  it("writes messages lines an OpenAI chat fine-tuning upload accepts, skipping the one with no answer", async () => {
    const { result, lines } = await exportLines(database.db, "messages", {
      includeMetadata: false,
    });
    expect(result).toMatchObject({ total: 4, rows: 3, skipped: 1 });
    expect(result.skippedConversations.map((s) => s.id)).toEqual([ids.unanswered]);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(openAiChatProblems(line, ["messages"])).toEqual([]);
  });

  it("keeps metadata next to the messages by default and flags the human edit", async () => {
    const { lines } = await exportLines(database.db, "messages");
    for (const line of lines)
      expect(openAiChatProblems(line, ["messages", "metadata"])).toEqual([]);
    const byId = new Map(
      lines.map((line) => [(line.metadata as { id: string }).id, line] as const),
    );
    const edited = byId.get(ids.edited ?? "");
    expect(edited?.metadata).toMatchObject({ human_edited: true, simulated: true });
    expect(JSON.stringify(edited?.messages)).toContain("high-interest debt first");
    expect(JSON.stringify(edited?.messages)).not.toContain("Buy this stock");
    expect(byId.get(ids.plain ?? "")?.metadata).toMatchObject({ human_edited: false });
  });

  it("writes ShareGPT lines that alternate human/gpt, start with human and end with gpt", async () => {
    const { result, lines } = await exportLines(database.db, "sharegpt");
    expect(result.rows).toBe(3);
    for (const line of lines) {
      const turns = line.conversations as Array<{ from: string; value: string }>;
      expect(turns.length % 2).toBe(0);
      turns.forEach((entry, index) => {
        expect(entry.from).toBe(index % 2 === 0 ? "human" : "gpt");
        expect(entry.value.trim()).not.toBe("");
      });
    }
    // The stored system turn is not dialogue: it never shows up as a human or gpt turn.
    expect(JSON.stringify(lines.map((line) => line.conversations))).not.toContain(
      "You are a consultant.",
    );
  });

  it("flags the human edit in every format that has per-conversation fields", async () => {
    const flagged = async (format: "sharegpt" | "training_pairs" | "json" | "csv") => {
      const output = new Collect();
      await streamExport(database.db, output, { workspaceId, format });
      const text = Buffer.concat(output.chunks).toString("utf8");
      if (format === "csv") {
        const [header = "", ...rows] = text.trim().split(/\r?\n/);
        const columns = header.split(",");
        const id = columns.indexOf("id");
        const edited = columns.indexOf("human_edited");
        return rows
          .map((row) => row.split(","))
          .filter((cells) => cells[edited] === "true")
          .map((cells) => cells[id]);
      }
      const records: Record<string, unknown>[] =
        format === "json" ? JSON.parse(text) : output.lines();
      return records
        .filter((record) => {
          const meta = (record.metadata ?? record.dataset_metadata ?? record) as {
            human_edited?: boolean;
          };
          return meta.human_edited === true;
        })
        .map((record) => {
          const meta = (record.metadata ?? record) as { id?: string; conversation_id?: string };
          return meta.id ?? meta.conversation_id ?? "edited";
        });
    };
    for (const format of ["sharegpt", "training_pairs", "json", "csv"] as const) {
      const edited = await flagged(format);
      expect(edited, format).toHaveLength(1);
      if (format !== "training_pairs") expect(edited, format).toEqual([ids.edited]);
    }
  });
});
