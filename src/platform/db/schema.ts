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
  status: Generated<string>;
  team_id: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}
export interface PersonMentionTable {
  id: Generated<string>;
  person_id: string | null;
  incident_id: string;
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

export interface Database {
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
  audit_event: AuditEventTable;
}

export type AppUserRow = Selectable<AppUserTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
