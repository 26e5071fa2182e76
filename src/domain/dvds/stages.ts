/**
 * The stages of a Clare's Law (DVDS) application, in the order the guidance works them (DOMAIN.md "Disclosure
 * scheme"): initial contact with the immediate-risk screen, the face-to-face meeting with an identity check, the
 * checks (PNC, PND, ViSOR, local intelligence), the full risk assessment, the multi-agency decision forum, and then
 * either disclosure with a safety plan or a recorded decision not to disclose. Pure: the service asks it before it
 * records any stage, so an out-of-order move is refused and changes nothing.
 */
export const DVDS_ROUTES = ['right-to-ask', 'right-to-know'] as const;
export type DvdsRoute = (typeof DVDS_ROUTES)[number];
export const DVDS_ROUTE_NAMES: Record<DvdsRoute, string> = {
  'right-to-ask': 'Right to Ask',
  'right-to-know': 'Right to Know',
};

/** Who asked under Right to Ask: the person at risk, or someone concerned for them (a relative, friend, worker). */
export const APPLICANT_KINDS = ['applicant-at-risk', 'third-party'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];
export const APPLICANT_KIND_NAMES: Record<ApplicantKind, string> = {
  'applicant-at-risk': 'The person at risk',
  'third-party': 'A third party concerned for them',
};

export const DVDS_STAGES = [
  'received',
  'initial-contact',
  'face-to-face',
  'checks',
  'risk-assessment',
  'decision-forum',
  'disclosed',
  'not-disclosed',
] as const;
export type DvdsStage = (typeof DVDS_STAGES)[number];

export const DVDS_STAGE_NAMES: Record<DvdsStage, string> = {
  received: 'Application received',
  'initial-contact': 'Initial contact and immediate-risk screen',
  'face-to-face': 'Face-to-face meeting and identity check',
  checks: 'Checks (PNC, PND, ViSOR, local intelligence)',
  'risk-assessment': 'Risk assessment',
  'decision-forum': 'Decision forum',
  disclosed: 'Disclosure made',
  'not-disclosed': 'Decision not to disclose',
};

/** The stages that close an application (the 28-day clock stops). */
export const CLOSING_STAGES: readonly DvdsStage[] = ['disclosed', 'not-disclosed'];
export const isClosed = (stage: DvdsStage) => CLOSING_STAGES.includes(stage);

export const FORUM_TESTS = ['lawful', 'necessary', 'proportionate', 'pressingNeed'] as const;
export type ForumTest = (typeof FORUM_TESTS)[number];
export const FORUM_TEST_NAMES: Record<ForumTest, string> = {
  lawful: 'Lawful',
  necessary: 'Necessary',
  proportionate: 'Proportionate',
  pressingNeed: 'A pressing need to disclose',
};
export type ForumDecision = 'disclose' | 'do-not-disclose';

/**
 * The one stage an application moves to next. Right to Ask: received → initial contact → face-to-face → checks → risk
 * assessment → decision forum. Right to Know is police-initiated (no applicant to meet first): received → checks. After
 * the forum the decision chooses: disclose → disclosed; do not disclose → not-disclosed.
 */
export function nextStage(route: DvdsRoute, current: DvdsStage, forumDecision: ForumDecision | null = null): DvdsStage | null {
  switch (current) {
    case 'received':
      return route === 'right-to-ask' ? 'initial-contact' : 'checks';
    case 'initial-contact':
      return 'face-to-face';
    case 'face-to-face':
      return 'checks';
    case 'checks':
      return 'risk-assessment';
    case 'risk-assessment':
      return 'decision-forum';
    case 'decision-forum':
      return forumDecision === 'disclose' ? 'disclosed' : forumDecision === 'do-not-disclose' ? 'not-disclosed' : null;
    default:
      return null;
  }
}

/** Why an application at `current` may not move to `requested`, in words for the user; null when it may. */
export function stageMoveProblem(
  route: DvdsRoute,
  current: DvdsStage,
  requested: DvdsStage,
  forumDecision: ForumDecision | null = null,
): string | null {
  if (isClosed(current)) return `This application is closed (${DVDS_STAGE_NAMES[current].toLowerCase()}): no further stage can be recorded`;
  if (requested === 'received') return 'An application is received once, when it is recorded';
  if (route === 'right-to-know' && (requested === 'initial-contact' || requested === 'face-to-face')) {
    return 'A Right to Know application is police-initiated: it has no initial contact or face-to-face meeting with an applicant';
  }
  const next = nextStage(route, current, forumDecision);
  if (requested === next) return null;
  if (current === 'decision-forum' && isClosed(requested)) {
    return `The decision forum decided ${forumDecision === 'disclose' ? 'to disclose' : 'not to disclose'}: record ${DVDS_STAGE_NAMES[next!].toLowerCase()}`;
  }
  const order = DVDS_STAGES.indexOf(requested);
  const at = DVDS_STAGES.indexOf(current);
  if (order <= at) return `${DVDS_STAGE_NAMES[requested]} is already recorded for this application`;
  return `Record ${DVDS_STAGE_NAMES[next!].toLowerCase()} first: stages are recorded in order`;
}

/** The forum's decision against its test: a disclosure needs all four parts of the test met. */
export function forumDecisionProblem(tests: Record<ForumTest, boolean>, decision: ForumDecision): string | null {
  if (decision !== 'disclose') return null;
  const unmet = FORUM_TESTS.filter((t) => !tests[t]);
  if (unmet.length === 0) return null;
  return `A disclosure must be lawful, necessary, proportionate and meet a pressing need: not met — ${unmet.map((t) => FORUM_TEST_NAMES[t].toLowerCase()).join(', ')}`;
}

/** The checks the guidance names, each recorded with its result. */
export const DVDS_CHECKS = ['pnc', 'pnd', 'visor', 'localIntelligence'] as const;
export type DvdsCheck = (typeof DVDS_CHECKS)[number];
export const DVDS_CHECK_NAMES: Record<DvdsCheck, string> = {
  pnc: 'Police National Computer (PNC)',
  pnd: 'Police National Database (PND)',
  visor: 'ViSOR',
  localIntelligence: 'Local intelligence',
};
