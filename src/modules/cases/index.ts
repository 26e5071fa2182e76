export {
  CaseService,
  CaseAlreadyOpen,
  CaseConflict,
  CaseInputError,
  CaseNotFound,
  type CaseHolder,
  type CaseScope,
  type CaseSources,
  type NewCase,
  type SafeguardingCase,
} from './service.ts';
export { victimPanel } from './victimPanel.ts';
