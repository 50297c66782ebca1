// Splits CSV text into records of fields (RFC 4180: quoted fields may hold commas, quotes doubled
// and line breaks), each with the line it starts on, so a bad row can be named by its line.

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
}

export type CsvReadResult =
  | { ok: true; records: CsvRecord[] }
  | { ok: false; line: number; message: string };

export function readCsvRecords(text: string): CsvReadResult {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 1;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === "" && !fieldStarted)) {
      records.push({ line: recordLine, fields });
    }
    fields = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    if (char === '"') {
      if (field !== "") {
        return {
          ok: false,
          line,
          message:
            'a quote inside an unquoted field: quote the whole field and double its quotes ("")',
        };
      }
      quoted = true;
      quoteLine = line;
      fieldStarted = true;
    } else if (char === ",") {
      fields.push(field);
      field = "";
      fieldStarted = true;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) {
    return { ok: false, line: quoteLine, message: 'a quoted field is never closed (a missing ")' };
  }
  if (field !== "" || fields.length > 0 || fieldStarted) endRecord();
  return { ok: true, records };
}
