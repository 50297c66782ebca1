// Reads a failed mutation's per-field validation messages (the API's flattened zod error), so a
// form can show each one next to its field, and whatever is left as one message for the form.
import { TRPCClientError } from "@trpc/client";
import { errorMessage } from "./trpc.ts";

export interface FormErrors {
  /** Field name → its messages. */
  fields: Record<string, string[]>;
  /** A message for the whole form (a conflict, a lost connection, ...), or null. */
  form: string | null;
}

interface ErrorData {
  zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null;
}

export function formErrors(error: unknown): FormErrors {
  if (error instanceof TRPCClientError) {
    const data = error.data as ErrorData | undefined;
    const fieldErrors = data?.zodError?.fieldErrors;
    if (fieldErrors && Object.keys(fieldErrors).length > 0) {
      const fields: Record<string, string[]> = {};
      for (const [name, messages] of Object.entries(fieldErrors)) {
        if (messages && messages.length > 0) fields[name] = messages;
      }
      return { fields, form: "Some fields need attention." };
    }
  }
  return { fields: {}, form: errorMessage(error) };
}

export const noErrors = (): FormErrors => ({ fields: {}, form: null });
