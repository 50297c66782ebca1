// RFC 4180 CSV text: quoting for the writer and a strict parser for the validator, so what the
// summary writes is exactly what a spreadsheet or `csv.reader` reads back.
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record terminated by CRLF, as RFC 4180 prescribes. */
export function csvRecord(
  values: ReadonlyArray<string | number | boolean | null | undefined>,
): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Parses CSV text into rows of fields; throws on a malformed quoted field. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== "," && next !== "\r" && next !== "\n") {
          throw new Error(`Unexpected character after a closing quote in row ${rows.length + 1}`);
        }
        continue;
      }
      field += char;
      i++;
      continue;
    }
    if (char === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (char === ",") {
      row.push(field);
      field = "";
      fieldStarted = false;
      i++;
    } else if (char === "\r" || char === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      fieldStarted = false;
      i += char === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      field += char;
      fieldStarted = true;
      i++;
    }
  }
  if (quoted) throw new Error(`Unterminated quoted field in row ${rows.length + 1}`);
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
