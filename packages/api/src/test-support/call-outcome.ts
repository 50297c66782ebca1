// What one procedure call came back with, in a form tests can judge: the answer, or the error
// code and message a user would see — and what is wrong with it from a user's point of view.
import { TRPCError } from "@trpc/server";
import superjson from "superjson";
import { canariesIn } from "./secret-canaries.ts";

export type CallOutcome =
  | { ok: true; value: unknown; text: string }
  | { ok: false; code: string; message: string; cause?: string };

export async function outcomeOf(call: () => Promise<unknown>): Promise<CallOutcome> {
  try {
    const value = await call();
    // As the browser would receive it (superjson), so nothing hidden in a Date or Map is missed.
    return { ok: true, value, text: JSON.stringify(superjson.serialize(value)) ?? "" };
  } catch (error) {
    if (error instanceof TRPCError) {
      // A 500's cause is what a developer needs to fix it; the user only ever sees the message.
      const cause =
        error.code === "INTERNAL_SERVER_ERROR" ? ` (cause: ${String(error.cause)})` : "";
      return { ok: false, code: error.code, message: error.message, cause };
    }
    // Anything but a TRPCError reaching the caller is a bug in the procedure plumbing.
    return { ok: false, code: "NOT_A_TRPC_ERROR", message: String(error).slice(0, 500) };
  }
}

/** Signs of an internal failure shown to the user: a stack, SQL, a raw issue dump, JS noise. */
const UNCLEAR = [
  /\n\s+at /,
  /\b(syntax error|violates|relation "|column "|invalid input syntax|duplicate key)\b/i,
  /^\s*\[\s*\{/,
  /\[object Object\]|undefined is not|is not a function|Cannot read properties/,
];

/** Everything a user would find wrong with this outcome; empty when it is fine. */
export function outcomeProblems(outcome: CallOutcome): string[] {
  const problems: string[] = [];
  if (outcome.ok) {
    for (const name of canariesIn(outcome.text)) problems.push(`the answer contains ${name}`);
    return problems;
  }
  if (outcome.code === "INTERNAL_SERVER_ERROR" || outcome.code === "NOT_A_TRPC_ERROR") {
    problems.push(`${outcome.code}: ${outcome.message.slice(0, 300)}${outcome.cause ?? ""}`);
  }
  if (!/[A-Za-z]{3}/.test(outcome.message))
    problems.push(`no readable message: "${outcome.message}"`);
  if (outcome.message.length > 4000) problems.push(`a ${outcome.message.length}-character message`);
  for (const pattern of UNCLEAR) {
    if (pattern.test(outcome.message))
      problems.push(`an internal detail in "${outcome.message.slice(0, 300)}"`);
  }
  for (const name of canariesIn(outcome.message)) problems.push(`the error names ${name}`);
  return problems;
}
