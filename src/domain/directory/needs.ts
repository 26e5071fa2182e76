/** The needs a local service in the signposting directory meets: how staff search it. */
export const SERVICE_NEEDS = [
  { code: 'outreach', name: 'Domestic abuse outreach and support' },
  { code: 'refuge', name: 'Refuge and emergency accommodation' },
  { code: 'housing', name: 'Housing and homelessness' },
  { code: 'children', name: 'Children and young people' },
  { code: 'legal', name: 'Legal advice and protective orders' },
  { code: 'mental-health', name: 'Mental health and counselling' },
  { code: 'substance', name: 'Drug and alcohol support' },
  { code: 'sexual-violence', name: 'Sexual violence support' },
  { code: 'money', name: 'Money, debt and benefits' },
  { code: 'honour', name: 'Honour-based abuse and forced marriage' },
  { code: 'lgbt', name: 'LGBT+ victims' },
  { code: 'men', name: 'Male victims' },
  { code: 'older', name: 'Older people' },
  { code: 'perpetrator', name: 'Behaviour change programme (perpetrators)' },
] as const;
export type ServiceNeed = (typeof SERVICE_NEEDS)[number]['code'];

export const isServiceNeed = (v: string): v is ServiceNeed => SERVICE_NEEDS.some((n) => n.code === v);
export const serviceNeedName = (code: string) => SERVICE_NEEDS.find((n) => n.code === code)?.name ?? code;
