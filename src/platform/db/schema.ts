import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Kysely's view of the tables. Keep in step with migrations/. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface TeamTable {
  id: Generated<string>;
  code: string;
  name: string;
  created_at: Generated<Date>;
  version: Generated<number>;
}
export interface AgencyTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: string;
  created_at: Generated<Date>;
  version: Generated<number>;
}
export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  team_id: string | null;
  agency_id: string | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  /** The TOTP time step of the last code accepted: a code of that step or earlier is refused (replay). */
  totp_last_step: string | null;
  oidc_subject: string | null;
  must_change_password: Generated<boolean>;
  locked_at: Timestamp | null;
  disabled_at: Timestamp | null;
  created_at: Generated<Date>;
  version: Generated<number>;
}
export interface SignInAttemptTable {
  id: Generated<string>;
  user_id: string | null;
  username: string;
  attempted_at: Timestamp;
  succeeded: boolean;
  reason: string | null;
  /** The client address the attempt came from (req.ip), for the per-address throttle. */
  address: string | null;
}
export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  label: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}
export interface SessionTable {
  sid: string;
  sess: Json;
  expire: Timestamp;
  user_id: ColumnType<string | null, never, never>;
}
export interface SettingTable {
  key: string;
  value: Json;
  updated_at: Generated<Date>;
  version: Generated<number>;
}
export interface PersonTable {
  id: Generated<string>;
  given_name: string;
  middle_names: Generated<string>;
  family_name: string;
  date_of_birth: ColumnType<string | null, string | null, string | null>;
  sex: Generated<string>;
  pnc_id: string | null;
  warning_markers: Generated<string[]>;
  safe_contact: string | null;
  restriction: Generated<string>;
  merged_into: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface IncidentTable {
  id: Generated<string>;
  reference: string;
  source_system: string;
  source_reference: string;
  reported_at: Timestamp;
  occurred_at: Timestamp | null;
  location_address: string | null;
  location_postcode: string | null;
  classification: string;
  relationship: string | null;
  narrative: string | null;
  marac_criteria: Json;
  status: Generated<string>;
  team_id: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface PersonMentionTable {
  id: Generated<string>;
  person_id: string | null;
  incident_id: string;
  source_system: Generated<string>;
  role: string | null;
  details: Json<Record<string, unknown>>;
  link: string;
  link_score: number | null;
  link_explanation: Json | null;
  linked_by: string | null;
  created_at: Timestamp;
}
export interface IncidentPartyTable {
  id: Generated<string>;
  incident_id: string;
  mention_id: string;
  person_id: string | null;
  role: string;
  present: boolean | null;
  school: string | null;
}
export interface RiskAssessmentTable {
  id: Generated<string>;
  incident_id: string;
  instrument: string;
  instrument_version: string;
  answers: Json<Record<string, string>>;
  comments: Json<Record<string, string>>;
  officer_grade: string | null;
  assessor_grade: string | null;
  rationale: string | null;
  assessed_by: string | null;
  submitted_at: Timestamp;
  /** The assessor's final grade (migration 0006): what it was weighed against and why. */
  yes_count: number | null;
  band: string | null;
  thrive: Json<Record<string, string>> | null;
  ndm_notes: string | null;
  professional_judgement: ColumnType<string[], string | undefined, string>;
  marac_criteria: Json | null;
  screens: ColumnType<Record<string, unknown>, string | undefined, string>;
  hba_indicators: Generated<boolean>;
  escalate_to_investigation: Generated<boolean>;
  needs_supervisor_review: Generated<boolean>;
}
export interface SystemsCheckTable {
  incident_id: string;
  system: string;
  result: string;
  note: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
  version: Generated<number>;
}
export interface ScreenResponseTable {
  incident_id: string;
  instrument: string;
  instrument_version: string;
  answers: Json<Record<string, string>>;
  recorded_by: string | null;
  recorded_at: Timestamp;
  version: Generated<number>;
}
export interface AuditEventTable {
  id: Generated<string>;
  occurred_at: Timestamp;
  category: string;
  action: string;
  outcome: string;
  actor_user_id: string | null;
  actor_label: string;
  actor_role: string | null;
  subject_person_ids: string[];
  record_type: string | null;
  record_ids: string[];
  recipient: string | null;
  reason: string | null;
  request_id: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface PersonBlockingKeyTable {
  key: string;
  person_id: string;
  mention_id: string;
}
export interface PossibleMatchTable {
  id: Generated<string>;
  mention_id: string;
  person_id: string;
  candidate_person_id: string;
  probability: number;
  weight: number;
  explanation: Json;
  state: Generated<string>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  reason: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface PersonPairDecisionTable {
  person_a: string;
  person_b: string;
  decision: string;
  decided_by: string | null;
  decided_at: Timestamp;
  reason: string | null;
}
export interface PersonMergeTable {
  id: Generated<string>;
  survivor_id: string;
  merged_id: string;
  moved_mention_ids: string[];
  /** Tasks and MARAC referrals the merge repointed to the survivor, moved back on undo (migration 0011). */
  moved_task_ids: Generated<string[]>;
  moved_victim_referral_ids: Generated<string[]>;
  moved_perpetrator_referral_ids: Generated<string[]>;
  /** Every other merge participant's moved ids, by participant name (migration 0024). */
  moved_records: ColumnType<Record<string, string[]>, string | undefined, string>;
  merged_by: string | null;
  merged_at: Timestamp;
  reason: string;
  undone_by: string | null;
  undone_at: Timestamp | null;
  undo_reason: string | null;
}
export interface TaskTable {
  id: Generated<string>;
  type: string;
  incident_id: string | null;
  subject_person_id: string | null;
  team_id: string | null;
  assignee_id: string | null;
  due_at: Timestamp;
  state: Generated<string>;
  source_rule: string;
  details: Json<Record<string, unknown>>;
  created_at: Timestamp;
  completed_at: Timestamp | null;
  version: Generated<number>;
  /** Triage priority score and flags (migration 0007, src/domain/triage/priority.ts). */
  priority: Generated<number>;
  flags: Generated<string[]>;
  /** Triage items only: a copy of the incident's reported_at, so the queue sorts by it without a join (migration 0010). */
  reported_at: Timestamp | null;
  /** The safeguarding case the task was raised for (migration 0027). */
  case_id: Generated<string | null>;
}
/** The schools Operation Encompass notices go to, with each one's key adult (migration 0022). */
export interface SchoolTable {
  id: Generated<string>;
  name: string;
  town: string | null;
  key_adult_name: string | null;
  key_adult_email: string | null;
  key_adult_phone: string | null;
  created_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface MaracReferralTable {
  id: Generated<string>;
  incident_id: string;
  victim_person_id: string;
  perpetrator_person_id: string | null;
  referred_at: Timestamp;
  created_by: string | null;
  created_at: Timestamp;
}
/** A victim-centred safeguarding case spanning her incidents; owner and team give "own caseload" and "team" (migration 0023). */
export interface SafeguardingCaseTable {
  id: Generated<string>;
  reference: string;
  victim_person_id: string;
  owner_id: string | null;
  team_id: string | null;
  status: Generated<string>;
  enhanced_rights: Generated<boolean>;
  opened_at: Timestamp;
  opened_by: string | null;
  closed_at: Timestamp | null;
  closure_reason: string | null;
  created_at: Timestamp;
  version: Generated<number>;
  /** When the next contact with the victim is due, and when the case was last changed (migration 0027). */
  next_contact_due_on: string | null;
  updated_at: Timestamp | null;
}
/** What happened to a case: opened, transferred, closed, reopened, moved by a person merge (migration 0027). */
export interface CaseHistoryTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  from_owner_id: string | null;
  from_team_id: string | null;
  to_owner_id: string | null;
  to_team_id: string | null;
  reason: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
}
/** A contact with the victim on a case (migration 0027). */
export interface CaseContactTable {
  id: Generated<string>;
  case_id: string;
  method: string;
  direction: string;
  occurred_at: Timestamp;
  with_whom: string;
  outcome: string;
  advice: string | null;
  safety_plan: Json<string[]>;
  literature: Json<string[]>;
  notes: string | null;
  urgent: boolean;
  ndm_rationale: string | null;
  police_resource_requested: boolean;
  unseen_crime: string | null;
  intelligence: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
}
/** A person's safe-contact instructions (migration 0027), owned by the people module. */
export interface PersonSafeContactTable {
  person_id: string;
  method: string;
  safe_times: string | null;
  phone: string | null;
  must_not_know: string | null;
  notes: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
  version: Generated<number>;
}
export interface CaseIncidentTable {
  case_id: string;
  incident_id: string;
  added_at: Timestamp;
}
/** A referral to a partner agency: what makes a record "shared with my agency" for that agency's users (migration 0023). */
export interface ReferralTable {
  id: Generated<string>;
  agency_id: string;
  incident_id: string | null;
  case_id: string | null;
  status: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
  /** The referral's detail (migration 0029): lawful basis, consent, what was shared and when the agency should answer. */
  lawful_basis: string | null;
  consent: string | null;
  override_reason: string | null;
  shared_fields: ColumnType<string[], string[] | undefined, string[]>;
  shared_content: ColumnType<Record<string, unknown>, string | undefined, string>;
  sent_at: Timestamp | null;
  response_due_at: Timestamp | null;
  reminded_at: Timestamp | null;
}
/** A referral's history (migration 0029): each change of status, and the agency's updates and contact outcomes. */
export interface ReferralEventTable {
  id: Generated<string>;
  referral_id: string;
  kind: string;
  status: string | null;
  outcome: string | null;
  note: string | null;
  by_user_id: string | null;
  by_agency_id: string | null;
  at: Timestamp;
}
export interface ReferralPersonTable {
  referral_id: string;
  person_id: string;
}
/** Restricted records opened to a named user: an explicit grant or a break-glass (migration 0025, access module). */
export interface AccessGrantTable {
  id: Generated<string>;
  person_id: string;
  user_id: string;
  kind: 'grant' | 'break-glass';
  reason: string;
  granted_by: string | null;
  granted_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}
/** The order register: protective notices and orders with their clocks (migration 0032, src/domain/orders). */
export interface ProtectiveOrderTable {
  id: Generated<string>;
  reference: string;
  type: string;
  subject_person_id: string;
  incident_id: string | null;
  follows_order_id: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  hearing_due_by: Timestamp | null;
  notification_due_by: Timestamp | null;
  notified_at: Timestamp | null;
  authorised_by_name: string | null;
  authorised_by_rank: string | null;
  conditions: Json<OrderCondition[]>;
  positive_requirements: string | null;
  electronic_monitoring: Generated<boolean>;
  status: Generated<string>;
  outcome: string | null;
  outcome_reason: string | null;
  outcome_at: Timestamp | null;
  recorded_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface DvdsApplicationTable {
  id: Generated<string>;
  reference: string;
  route: string;
  applicant_kind: string | null;
  applicant_person_id: string;
  at_risk_person_id: string | null;
  subject_person_id: string;
  relationship: string;
  concern: string;
  received_at: Timestamp;
  due_by: Timestamp;
  stage: Generated<string>;
  stage_at: Timestamp;
  owner_id: string | null;
  closed_at: Timestamp | null;
  recorded_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface DvdsStageTable {
  id: Generated<string>;
  application_id: string;
  stage: string;
  at: Timestamp;
  owner_id: string | null;
  recorded_by: string | null;
  details: Json<Record<string, unknown>>;
}
export interface OrderCondition {
  kind: 'no-contact' | 'exclusion-zone' | 'other';
  text: string;
  address?: string | null;
}
/** Support programmes (migration 0038): panic alarms, Second Responder visits, One Stop Shop events. */
export interface PanicAlarmTable {
  id: Generated<string>;
  reference: string;
  person_id: string;
  device: string;
  serial_number: string;
  installer: string;
  issued_on: string;
  review_due_on: string;
  returned_on: string | null;
  return_reason: string | null;
  notes: string | null;
  task_id: string | null;
  task_kind: string | null;
  recorded_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface PanicAlarmActivationTable {
  id: Generated<string>;
  alarm_id: string;
  activated_at: Timestamp;
  incident_id: string | null;
  outcome: string;
  recorded_by: string | null;
  created_at: Timestamp;
}
export interface SecondResponderVisitTable {
  id: Generated<string>;
  reference: string;
  person_id: string;
  incident_id: string;
  incident_at: Timestamp;
  visit_at: Timestamp;
  visitors: string;
  outcome: string | null;
  outcome_notes: string | null;
  referrals_made: ColumnType<string[], string[] | undefined, string[]>;
  completed_at: Timestamp | null;
  recorded_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface OneStopShopEventTable {
  id: Generated<string>;
  reference: string;
  held_on: string;
  starts_at: string;
  venue: string;
  agencies: ColumnType<string[], string[] | undefined, string[]>;
  notes: string | null;
  recorded_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface OneStopShopAttendeeTable {
  id: Generated<string>;
  event_id: string;
  person_id: string;
  consent_given: boolean;
  consent_notes: string | null;
  referrals_made: ColumnType<string[], string[] | undefined, string[]>;
  recorded_by: string | null;
  created_at: Timestamp;
}
export interface PrisonReleaseTable {
  id: Generated<string>;
  reference: string;
  person_id: string;
  custody_from: string | null;
  release_on: string;
  establishment: string;
  release_type: string;
  licence_ends_on: string | null;
  conditions: Json<OrderCondition[]>;
  mappa_category: number | null;
  mappa_level: number | null;
  notified_by: string;
  notified_on: string;
  notes: string | null;
  review_opens_at: Timestamp;
  review_due_by: Timestamp;
  review_task_id: string | null;
  recorded_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface ProtectiveOrderPersonTable {
  order_id: string;
  person_id: string;
}
export interface OrderBreachTable {
  id: Generated<string>;
  order_id: string;
  incident_id: string | null;
  occurred_at: Timestamp;
  description: string;
  action_taken: string | null;
  recorded_by: string | null;
  recorded_at: Timestamp;
}
/** The Victims' Code record of a case: needs assessment, agreed update preferences, VPS offer (migration 0028). */
export interface VictimsCodeCaseTable {
  case_id: string;
  needs_assessment: Json | null;
  needs_assessed_at: Timestamp | null;
  needs_assessed_by: string | null;
  update_preferences: Json | null;
  preferences_agreed_at: Timestamp | null;
  preferences_agreed_by: string | null;
  personal_statement: string | null;
  personal_statement_on: ColumnType<string | null, string | null, string | null>;
  personal_statement_recorded_by: string | null;
  version: Generated<number>;
}
export interface EnhancedRightsChangeTable {
  id: Generated<string>;
  case_id: string;
  enhanced_rights: boolean;
  reason: string;
  changed_by: string | null;
  changed_at: Timestamp;
}
/** A case event the victim must be told of under the Victims' Code (migration 0028). */
export interface CaseEventTable {
  id: Generated<string>;
  case_id: string;
  type: string;
  occurred_at: Timestamp;
  recorded_by: string | null;
  recorded_at: Timestamp;
  review_requested_at: Timestamp | null;
}
/** The Victims' Code clock of one case event: tell the victim by due_by (migration 0028). */
export interface VictimUpdateObligationTable {
  id: Generated<string>;
  case_event_id: string;
  case_id: string;
  victim_person_id: string;
  officer_id: string | null;
  team_id: string | null;
  enhanced_rights: boolean;
  working_days: number;
  due_by: Timestamp;
  state: Generated<string>;
  updated_at: Timestamp | null;
  update_method: string | null;
  update_note: string | null;
  updated_by: string | null;
  recorded_at: Timestamp | null;
  late: boolean | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface ImportRunTable {
  id: Generated<string>;
  file_name: string;
  sha256: string;
  format: string;
  source: string;
  header: string[] | null;
  started_by: string;
  started_by_user_id: string | null;
  started_via: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  state: Generated<string>;
  failure: string | null;
  total_rows: Generated<number>;
  accepted: Generated<number>;
  duplicate: Generated<number>;
  quarantined: Generated<number>;
  version: Generated<number>;
}
export interface ImportRowTable {
  run_id: string;
  row_number: number;
  raw: string | null;
  outcome: string | null;
  reason: string | null;
  incident_id: string | null;
  attempted: Generated<boolean>;
}

export interface RiskInstrumentTable {
  id: Generated<string>;
  code: string;
  base_code: string;
  version: string;
  title: string;
  definition: Json;
  created_by: string | null;
  created_at: Timestamp;
}

/** Open triage items added (or, negative, taken away) per assignee and grade; kept by triggers on task (0012). */
export interface TriageTallyTable {
  assignee_id: string | null;
  officer_grade: string;
  open_items: number;
}

/** Every distinct recorded given or family name, lower case, for fuzzy person search; kept by triggers (0012). */
export interface PersonNameTermTable {
  term: string;
}

/** An enquiry from another team or agency for information about people in the index (migration 0030). */
export interface EnquiryTable {
  id: Generated<string>;
  reference: string;
  requester_name: string;
  requester_organisation: string;
  requester_contact: string;
  purpose: string;
  lawful_basis: string;
  received_at: Timestamp;
  due_by: Timestamp;
  status: Generated<string>;
  decision: string | null;
  decision_rationale: string | null;
  disclosed_information: string | null;
  disclosed_at: Timestamp | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface EnquiryPersonTable {
  enquiry_id: string;
  person_id: string;
}
/** Advice given to an officer attending a DA incident (migration 0030). */
export interface OfficerAdviceTable {
  id: Generated<string>;
  incident_id: string;
  officer_name: string;
  collar_number: string;
  advised_at: Timestamp;
  advice: string[];
  notes: Generated<string>;
  advised_by: string | null;
  created_at: Timestamp;
}
/** A local service in the signposting directory (migration 0030). */
export interface DirectoryServiceTable {
  id: Generated<string>;
  name: string;
  description: string;
  needs: string[];
  area: string;
  contact: string;
  referral_route: string;
  eligibility: Generated<string>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}
/** A person signposted to a service in the directory (migration 0030). */
export interface SignpostingTable {
  id: Generated<string>;
  person_id: string;
  case_id: string | null;
  service_id: string;
  note: Generated<string>;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface Database {
  import_run: ImportRunTable;
  import_row: ImportRowTable;
  person_blocking_key: PersonBlockingKeyTable;
  possible_match: PossibleMatchTable;
  person_pair_decision: PersonPairDecisionTable;
  person_merge: PersonMergeTable;
  task: TaskTable;
  marac_referral: MaracReferralTable;
  school: SchoolTable;
  safeguarding_case: SafeguardingCaseTable;
  case_incident: CaseIncidentTable;
  case_history: CaseHistoryTable;
  case_contact: CaseContactTable;
  person_safe_contact: PersonSafeContactTable;
  referral: ReferralTable;
  referral_person: ReferralPersonTable;
  access_grant: AccessGrantTable;
  protective_order: ProtectiveOrderTable;
  dvds_application: DvdsApplicationTable;
  dvds_stage: DvdsStageTable;
  protective_order_person: ProtectiveOrderPersonTable;
  prison_release: PrisonReleaseTable;
  panic_alarm: PanicAlarmTable;
  panic_alarm_activation: PanicAlarmActivationTable;
  second_responder_visit: SecondResponderVisitTable;
  one_stop_shop_event: OneStopShopEventTable;
  one_stop_shop_attendee: OneStopShopAttendeeTable;
  order_breach: OrderBreachTable;
  victims_code_case: VictimsCodeCaseTable;
  enhanced_rights_change: EnhancedRightsChangeTable;
  case_event: CaseEventTable;
  victim_update_obligation: VictimUpdateObligationTable;
  enquiry: EnquiryTable;
  enquiry_person: EnquiryPersonTable;
  officer_advice: OfficerAdviceTable;
  directory_service: DirectoryServiceTable;
  signposting: SignpostingTable;
  referral_event: ReferralEventTable;
  team: TeamTable;
  agency: AgencyTable;
  app_user: AppUserTable;
  sign_in_attempt: SignInAttemptTable;
  api_token: ApiTokenTable;
  session: SessionTable;
  setting: SettingTable;
  person: PersonTable;
  incident: IncidentTable;
  person_mention: PersonMentionTable;
  incident_party: IncidentPartyTable;
  risk_assessment: RiskAssessmentTable;
  risk_instrument: RiskInstrumentTable;
  systems_check: SystemsCheckTable;
  screen_response: ScreenResponseTable;
  audit_event: AuditEventTable;
  triage_tally: TriageTallyTable;
  person_name_term: PersonNameTermTable;
}

export type AppUserRow = Selectable<AppUserTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
