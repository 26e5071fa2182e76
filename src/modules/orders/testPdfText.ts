import { inflateSync } from 'node:zlib';

/**
 * The text a PDF made by pdfkit shows, for tests: each content stream inflated, and the hex strings of its text
 * operators (pdfkit writes the standard fonts' glyphs as <hex> strings, split where it kerns) joined and decoded.
 * Lines come out one per text operator.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    let body: string;
    try {
      body = inflateSync(Buffer.from(raw.slice(start, end), 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const op of body.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const text = [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join('');
      out.push(text);
    }
  }
  return out.join('\n');
}
