// Splits a template body into literal text and tags, in one pass, so substitution never sees
// its own output. Tags: `{{name}}`, `{{name|default}}` and `{{name ? 'yes' : 'no'}}`.
//
// Brace rules: in a run of three or more `{`, the tag opens at the last two, so `{{{name}}}`
// renders as `{value}` and JSON examples like `{"a": {{x}}}` work. A `{{` that is never closed,
// or that contains another `{{` before its `}}`, is a syntax problem and stays literal text.
// A lone `}}` is ordinary text. Conditional branches are literal text (no tags inside), in
// single or double quotes, with `\'`, `\"` and `\\` as escapes.

import { positionOf, type TemplateProblem } from "./template-problem.ts";
import { VARIABLE_NAME_PATTERN } from "./template-variable.ts";

export interface TextNode {
  kind: "text";
  text: string;
}
export interface VariableNode {
  kind: "variable";
  name: string;
  /** The text after `|`, trimmed; "" for `{{name|}}` (an explicitly optional value). */
  inlineDefault?: string;
  /** The tag as written, shown in previews while the variable is unresolved. */
  raw: string;
  offset: number;
}
export interface ConditionalNode {
  kind: "conditional";
  name: string;
  whenTrue: string;
  whenFalse: string;
  raw: string;
  offset: number;
}
export type TemplateNode = TextNode | VariableNode | ConditionalNode;

export interface ParsedTemplate {
  nodes: TemplateNode[];
  /** Syntax problems; the offending text is kept as literal text nodes. */
  problems: TemplateProblem[];
}

const OPEN = "{{";
const CLOSE = "}}";
const IDENTIFIER = new RegExp(`^${VARIABLE_NAME_PATTERN.source.slice(1, -1)}`, "u");

export function parseTemplate(body: string): ParsedTemplate {
  const nodes: TemplateNode[] = [];
  const problems: TemplateProblem[] = [];
  let textStart = 0;
  let cursor = 0;

  const pushText = (end: number) => {
    if (end > textStart) nodes.push({ kind: "text", text: body.slice(textStart, end) });
  };

  while (cursor < body.length) {
    let open = body.indexOf(OPEN, cursor);
    if (open < 0) break;
    while (body[open + 2] === "{") open++;

    const result = parseTag(body, open);
    if (result.ok) {
      pushText(open);
      nodes.push(result.node);
      textStart = result.end;
      cursor = result.end;
    } else {
      problems.push({ ...result.problem, ...positionOf(body, open) });
      // The failed tag stays in the surrounding text; scanning resumes where it makes sense.
      cursor = result.resumeAt;
    }
  }
  pushText(body.length);
  return { nodes: mergeAdjacentText(nodes), problems };
}

type TagResult =
  | { ok: true; node: VariableNode | ConditionalNode; end: number }
  | { ok: false; problem: Omit<TemplateProblem, "line" | "column">; resumeAt: number };

function parseTag(body: string, open: number): TagResult {
  const start = open + OPEN.length;
  const close = body.indexOf(CLOSE, start);
  const nested = body.indexOf(OPEN, start);
  const snippet = body.slice(open, Math.min(body.length, open + 30)).replace(/\s+/g, " ");

  if (close < 0) {
    return {
      ok: false,
      problem: {
        code: "unclosed_tag",
        message: `"${snippet}" opens a tag that is never closed with "}}"`,
      },
      resumeAt: body.length,
    };
  }

  let position = skipSpaces(body, start);
  const identifier = IDENTIFIER.exec(body.slice(position))?.[0];
  if (!identifier) return invalid(body, open, close, nested, snippet);
  const name = identifier;
  position = skipSpaces(body, position + name.length);

  if (body.startsWith(CLOSE, position)) {
    const end = position + CLOSE.length;
    return {
      ok: true,
      node: { kind: "variable", name, raw: body.slice(open, end), offset: open },
      end,
    };
  }

  if (body[position] === "|") {
    if (nested >= 0 && nested < close) return nestedTag(nested, snippet);
    const end = close + CLOSE.length;
    return {
      ok: true,
      node: {
        kind: "variable",
        name,
        inlineDefault: body.slice(position + 1, close).trim(),
        raw: body.slice(open, end),
        offset: open,
      },
      end,
    };
  }

  if (body[position] === "?") {
    const whenTrue = readQuoted(body, skipSpaces(body, position + 1));
    if (whenTrue) {
      position = skipSpaces(body, whenTrue.end);
      if (body[position] === ":") {
        const whenFalse = readQuoted(body, skipSpaces(body, position + 1));
        if (whenFalse) {
          position = skipSpaces(body, whenFalse.end);
          if (body.startsWith(CLOSE, position)) {
            const end = position + CLOSE.length;
            return {
              ok: true,
              node: {
                kind: "conditional",
                name,
                whenTrue: whenTrue.text,
                whenFalse: whenFalse.text,
                raw: body.slice(open, end),
                offset: open,
              },
              end,
            };
          }
        }
      }
    }
    if (nested >= 0 && nested < close) return nestedTag(nested, snippet);
    return {
      ok: false,
      problem: {
        code: "invalid_tag",
        variable: name,
        message: `"${snippet}" is not a valid conditional; write {{${name} ? 'text if set' : 'text if not'}}`,
      },
      resumeAt: close + CLOSE.length,
    };
  }

  return invalid(body, open, close, nested, snippet);
}

function invalid(
  body: string,
  open: number,
  close: number,
  nested: number,
  snippet: string,
): TagResult {
  if (nested >= 0 && nested < close) return nestedTag(nested, snippet);
  const inner = body.slice(open + OPEN.length, close).trim();
  return {
    ok: false,
    problem: {
      code: "invalid_tag",
      message: `"{{${inner}}}" is not a valid tag; use {{name}}, {{name|default}} or {{name ? 'a' : 'b'}}`,
    },
    resumeAt: close + CLOSE.length,
  };
}

function nestedTag(nested: number, snippet: string): TagResult {
  return {
    ok: false,
    problem: {
      code: "nested_tag",
      message: `"${snippet}" opens a tag that contains another "{{" before it closes; tags cannot be nested`,
    },
    // Resume at the inner tag so it is still recognised on its own.
    resumeAt: nested,
  };
}

function skipSpaces(body: string, from: number): number {
  let position = from;
  while (position < body.length && /\s/.test(body[position] ?? "")) position++;
  return position;
}

/** A '...' or "..." string starting at `from`, with backslash escapes; null when malformed. */
function readQuoted(body: string, from: number): { text: string; end: number } | null {
  const quote = body[from];
  if (quote !== "'" && quote !== '"') return null;
  let text = "";
  for (let position = from + 1; position < body.length; position++) {
    const char = body[position];
    if (char === "\\" && position + 1 < body.length) {
      text += body[position + 1];
      position++;
    } else if (char === quote) {
      return { text, end: position + 1 };
    } else {
      text += char;
    }
  }
  return null;
}

function mergeAdjacentText(nodes: TemplateNode[]): TemplateNode[] {
  const merged: TemplateNode[] = [];
  for (const node of nodes) {
    const previous = merged.at(-1);
    if (node.kind === "text" && previous?.kind === "text") previous.text += node.text;
    else merged.push(node);
  }
  return merged;
}
