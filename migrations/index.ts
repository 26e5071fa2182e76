import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_intake_and_linkage.ts';
import * as m0003 from './0003_incident_marac_criteria.ts';
import * as m0004 from './0004_imports.ts';
import * as m0005 from './0005_person_search.ts';
import * as m0006 from './0006_assessment.ts';
import * as m0007 from './0007_triage_queue.ts';
import * as m0008 from './0008_person_merged_into.ts';
import * as m0009 from './0009_instrument_variants.ts';
import * as m0010 from './0010_triage_reported_at.ts';
import * as m0011 from './0011_merge_moved_records.ts';
import * as m0012 from './0012_queue_tally_and_name_terms.ts';
import * as m0013 from './0013_linkage_candidate_indexes.ts';
import * as m0014 from './0014_possible_match_queue_order.ts';
import * as m0015 from './0015_house_keys.ts';
import * as m0016 from './0016_blocking_key_bytewise.ts';
import * as m0017 from './0017_sign_in_throttle_and_totp_replay.ts';
import * as m0018 from './0018_relatives_decision.ts';
import * as m0022 from './0022_school_register.ts';
import * as m0023 from './0023_cases_and_referrals.ts';
import * as m0029 from './0029_referral_detail.ts';
import * as m0025 from './0025_access_grants.ts';
import * as m0027 from './0027_case_work.ts';
import * as m0028 from './0028_victims_code.ts';
import * as m0030 from './0030_enquiries_advice_directory.ts';
import * as m0032 from './0032_order_register.ts';
import * as m0034 from './0034_prison_releases.ts';
import * as m0036 from './0036_dvds_applications.ts';
import * as m0038 from './0038_support_programmes.ts';
import * as m0024 from './0024_merge_participants.ts';

/** Every migration, in order. Static imports keep the list explicit and type-checked. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_intake_and_linkage': m0002,
  '0003_incident_marac_criteria': m0003,
  '0004_imports': m0004,
  '0005_person_search': m0005,
  '0006_assessment': m0006,
  '0007_triage_queue': m0007,
  '0008_person_merged_into': m0008,
  '0009_instrument_variants': m0009,
  '0010_triage_reported_at': m0010,
  '0011_merge_moved_records': m0011,
  '0012_queue_tally_and_name_terms': m0012,
  '0013_linkage_candidate_indexes': m0013,
  '0014_possible_match_queue_order': m0014,
  '0015_house_keys': m0015,
  '0016_blocking_key_bytewise': m0016,
  '0017_sign_in_throttle_and_totp_replay': m0017,
  '0018_relatives_decision': m0018,
  '0022_school_register': m0022,
  '0023_cases_and_referrals': m0023,
  '0024_merge_participants': m0024,
  '0025_access_grants': m0025,
  '0027_case_work': m0027,
  '0028_victims_code': m0028,
  '0029_referral_detail': m0029,
  '0030_enquiries_advice_directory': m0030,
  '0032_order_register': m0032,
  '0034_prison_releases': m0034,
  '0036_dvds_applications': m0036,
  '0038_support_programmes': m0038,
};
