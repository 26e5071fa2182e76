/** The advice a DA coordinator gives an officer attending a DA incident, as the log records it. */
export const OFFICER_ADVICE_OPTIONS = [
  { code: 'arrest', name: 'Arrest considerations (positive action)' },
  { code: 'dvpn', name: 'DVPN / DAPN to be considered' },
  { code: 'safeguarding', name: 'Safeguarding the victim and children' },
  { code: 'evidence', name: 'Evidence gathering (body-worn video, photographs, 999 call)' },
  { code: 'dash', name: 'Complete the DASH risk assessment with the victim' },
  { code: 'bail', name: 'Bail conditions to protect the victim' },
  { code: 'history', name: 'Relevant history of the parties shared' },
  { code: 'referral', name: 'Referral to IDVA or support services' },
  { code: 'children', name: "Children's social care to be told" },
] as const;
export type OfficerAdviceOption = (typeof OFFICER_ADVICE_OPTIONS)[number]['code'];

export const isOfficerAdviceOption = (v: string): v is OfficerAdviceOption => OFFICER_ADVICE_OPTIONS.some((o) => o.code === v);
export const officerAdviceName = (code: string) => OFFICER_ADVICE_OPTIONS.find((o) => o.code === code)?.name ?? code;

/** Collar numbers as forces write them: letters optional, then digits ("PC 4512", "4512", "DC1234"). */
export function isCollarNumber(v: string): boolean {
  return /^[A-Za-z]{0,4}\s?\d{2,6}$/.test(v.trim());
}
