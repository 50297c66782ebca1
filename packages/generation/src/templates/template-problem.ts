// Everything that can be wrong with a template or its values, reported together so a form can
// show every problem at once, and the typed error renderTemplate throws when any exist.
import { AppError } from "../errors/app-error.ts";

export type TemplateProblemCode =
  | "unclosed_tag"
  | "nested_tag"
  | "invalid_tag"
  | "missing_variable"
  | "invalid_number"
  | "number_out_of_range"
  | "invalid_option"
  | "unknown_variable"
  | "invalid_definition";

export interface TemplateProblem {
  code: TemplateProblemCode;
  /** A sentence for the person editing the template or filling its form. */
  message: string;
  /** The variable concerned, when there is one. */
  variable?: string;
  /** 1-based position of the tag in the body, for syntax problems. */
  line?: number;
  column?: number;
}

export class TemplateRenderError extends AppError {
  readonly problems: readonly TemplateProblem[];

  constructor(problems: readonly TemplateProblem[]) {
    const summary = problems.map((problem) => `- ${problem.message}`).join("\n");
    super(
      "BAD_REQUEST",
      `The template cannot be rendered (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${summary}`,
      { problems },
    );
    this.name = "TemplateRenderError";
    this.problems = problems;
  }
}

/** 1-based line and column of an offset, for messages that point into the template body. */
export function positionOf(body: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    if (body.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
