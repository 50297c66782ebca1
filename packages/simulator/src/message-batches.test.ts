// The simulated batch list pages the way the API does (newest first, `after_id` continuing), so
// the SDK's auto-pagination walks every batch once: reconciling orphaned submissions relies on it.
import { createAnthropicProvider } from "@parley/generation";
import { describe, expect, it } from "vitest";
import { MessageBatchStore } from "./message-batches.ts";
import { randomFromSeed } from "./seeded-random.ts";
import { startSimulator } from "./start-simulator.ts";

const request = (customId: string) => ({
  custom_id: customId,
  params: { model: "claude-sonnet-4-5", max_tokens: 10, messages: [] },
});

describe("the simulated Message Batches list", () => {
  it("pages newest first and continues after the last batch of a page", () => {
    const store = new MessageBatchStore({
      delayMs: 1000,
      process: () => ({ type: "expired" }),
      ids: randomFromSeed(1),
      baseUrl: () => "http://simulator",
    });
    const created = [0, 1, 2].map((i) => store.create({ requests: [request(`r${i}`)] }, 1000 + i));
    const first = store.list(2000, 2);
    expect(first.data.map((b) => b.id)).toEqual([created[2]?.id, created[1]?.id]);
    expect(first.has_more).toBe(true);
    const second = store.list(2000, 2, first.last_id);
    expect(second.data.map((b) => b.id)).toEqual([created[0]?.id]);
    expect(second.has_more).toBe(false);
    expect(() => store.list(2000, 2, "msgbatch_unknown")).toThrow(/after_id/);
  });

  it("is walked whole, past the first page, by the SDK's auto-pagination", async () => {
    const simulator = await startSimulator({ seed: 3, batchDelayMs: 0 });
    try {
      const provider = createAnthropicProvider({ baseURL: simulator.url, simulated: true });
      const ids: string[] = [];
      // The provider asks for 100 a page: one more makes a second page.
      for (let i = 0; i < 101; i++) {
        const response = await fetch(`${simulator.url}/v1/messages/batches`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-api-key": "test",
            "anthropic-version": "2023-06-01",
          },
          body: JSON.stringify({ requests: [request(`r${i}`)] }),
        });
        expect(response.status).toBe(200);
        ids.push(((await response.json()) as { id: string }).id);
      }
      const listed: string[] = [];
      for await (const batch of provider.listMessageBatches()) listed.push(batch.id);
      expect(listed.sort()).toEqual(ids.sort());
    } finally {
      await simulator.close();
    }
  });
});
