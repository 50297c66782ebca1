// The most requests, input tokens and output tokens the simulator saw in any 60-second window,
// to show whether the organisation's clients, together, ever went over a per-minute limit.
// Kept per second (a ring of 60 one-second slots), so the maxima are of 60-second windows
// aligned to whole seconds, sliding by one second.

const SLOTS = 60;

export interface MinuteMaxima {
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

export class MinuteWindows {
  private readonly slots = Array.from({ length: SLOTS }, () => ({
    second: -1,
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
  }));
  readonly max: MinuteMaxima = { requests: 0, inputTokens: 0, outputTokens: 0 };

  record(at: number, units: Partial<MinuteMaxima>): void {
    const second = Math.floor(at / 1000);
    const slot = this.slots[second % SLOTS] as (typeof this.slots)[number];
    if (slot.second !== second) {
      slot.second = second;
      slot.requests = 0;
      slot.inputTokens = 0;
      slot.outputTokens = 0;
    }
    slot.requests += units.requests ?? 0;
    slot.inputTokens += units.inputTokens ?? 0;
    slot.outputTokens += units.outputTokens ?? 0;
    // The window ending at this second: the slots of the last 60 seconds.
    const window = { requests: 0, inputTokens: 0, outputTokens: 0 };
    for (const s of this.slots) {
      if (s.second > second - SLOTS && s.second <= second) {
        window.requests += s.requests;
        window.inputTokens += s.inputTokens;
        window.outputTokens += s.outputTokens;
      }
    }
    this.max.requests = Math.max(this.max.requests, window.requests);
    this.max.inputTokens = Math.max(this.max.inputTokens, window.inputTokens);
    this.max.outputTokens = Math.max(this.max.outputTokens, window.outputTokens);
  }
}
