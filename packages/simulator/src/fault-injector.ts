// Decides which calls fail and how: scripted outcomes first (for tests that need "fail once,
// then succeed"), otherwise a seeded random draw against the configured shares.

import type { Random } from "./seeded-random.ts";
import {
  FAULT_KINDS,
  type FaultKind,
  type FaultRates,
  type ScriptedFault,
} from "./simulator-options.ts";

export class FaultInjector {
  private readonly rates: FaultRates;
  private readonly random: Random;
  private readonly script: ScriptedFault[] = [];

  constructor(rates: FaultRates, random: Random) {
    this.rates = rates;
    this.random = random;
  }

  /** The next calls will have these outcomes, in order, before random faults resume. */
  queue(...outcomes: ScriptedFault[]): void {
    this.script.push(...outcomes);
  }

  next(): FaultKind | null {
    const scripted = this.script.shift();
    if (scripted !== undefined) return scripted === "none" ? null : scripted;
    let draw = this.random.next();
    for (const kind of FAULT_KINDS) {
      const share = this.rates[kind] ?? 0;
      if (draw < share) return kind;
      draw -= share;
    }
    return null;
  }
}
