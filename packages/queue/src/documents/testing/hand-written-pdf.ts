// Writes small, valid PDFs byte by byte for tests: one page of Helvetica lines at given sizes,
// optionally with a standard-security /Encrypt dictionary (so readers ask for a password).

export interface PdfLine {
  text: string;
  /** Font size in points; headings larger than the body. */
  size: number;
}

export function handWrittenPdf(
  lines: readonly PdfLine[],
  options: { encrypted?: boolean } = {},
): Uint8Array {
  let y = 760;
  const operators = lines
    .map((line) => {
      const escaped = line.text.replace(/[()\\]/g, (character) => `\\${character}`);
      const drawn = `BT /F1 ${line.size} Tf 72 ${y} Td (${escaped}) Tj ET`;
      y -= line.size + 8;
      return drawn;
    })
    .join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(operators, "latin1")} >>\nstream\n${operators}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  // Owner and user hashes that match no password, the empty one included.
  if (options.encrypted) {
    objects.push(
      `<< /Filter /Standard /V 1 /R 2 /O <${"ab".repeat(32)}> /U <${"cd".repeat(32)}> /P -44 >>`,
    );
  }
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  const encrypt = options.encrypted
    ? ` /Encrypt 6 0 R /ID [<${"11".repeat(16)}> <${"11".repeat(16)}>]`
    : "";
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}
