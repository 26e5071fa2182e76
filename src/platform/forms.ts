import type { z } from 'zod';

export interface GovukErrors {
  /** Said once above the list, when the problems need it (what happened to the whole form). */
  description?: string;
  errorList: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

/** A zod failure as the GOV.UK error summary and per-field messages. */
export function govukErrors(error: z.ZodError): GovukErrors {
  const errors: GovukErrors = { errorList: [], fields: {} };
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('-') || 'form';
    if (errors.fields[field]) continue;
    errors.fields[field] = { text: issue.message };
    errors.errorList.push({ text: issue.message, href: `#${field}` });
  }
  return errors;
}

export function singleError(field: string, text: string): GovukErrors {
  return { errorList: [{ text, href: `#${field}` }], fields: { [field]: { text } } };
}

/** Problems a service found, each naming its field, as the GOV.UK error summary (the first problem per field shown beside it). */
export function fieldErrors(problems: readonly { field: string; message: string }[]): GovukErrors {
  const errors: GovukErrors = { errorList: [], fields: {} };
  for (const p of problems) {
    if (errors.fields[p.field]) continue;
    errors.fields[p.field] = { text: p.message };
    errors.errorList.push({ text: p.message, href: `#${p.field}` });
  }
  return errors;
}
