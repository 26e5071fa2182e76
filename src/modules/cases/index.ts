export { CaseAlreadyOpen, CaseConflict, CaseInputError, CaseNotFound, CaseService } from './service.ts';
export type { CaseHolder, CaseScope, CaseSources, NewCase, SafeguardingCase } from './service.ts';
export { victimPanel } from './victimPanel.ts';
export { caseApiRoutes } from './apiRoutes.ts';
export { caseRoutes } from './routes.ts';
export type { ContactForm } from './schemas.ts';
