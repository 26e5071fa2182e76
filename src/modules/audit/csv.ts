/**
 * One CSV field, safe to open in a spreadsheet: a value a spreadsheet would run as a formula (starting =, +, -, @,
 * a tab or a carriage return; OWASP "CSV injection") is prefixed with an apostrophe, and any field with a comma,
 * quote or line break is quoted.
 */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
