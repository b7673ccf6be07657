// Casework records as the API sends them (src/api/people_routes.cpp, case_routes.cpp), and the
// controlled vocabularies the server accepts (src/core/person.cpp, casework.cpp).

export interface PersonBrief {
  id: string;
  given_name: string;
  family_name: string;
  birth_year: number | null;
  gender: string;
  case_numbers: string[];
  score?: number;
  reasons?: string[];
}

export interface PersonSearch {
  items: PersonBrief[];
  outside_scope: number;
}

export interface Person {
  id: string;
  given_name: string;
  family_name: string;
  aliases: string[];
  birth_date: string | null;
  birth_year: number | null;
  birth_year_estimated: boolean;
  gender: string;
  nationalities: string[];
  languages: string[];
  contact: { phones: string[]; email: string; address: string };
  minor: boolean;
  minor_override: boolean | null;
  age_disputed: boolean;
  documents: Record<string, string>;
  member: boolean;
  peer_helper: boolean;
  member_since: string | null;
  restricted: boolean;
  cases: { id: string; number: string; status: string }[];
  created_at: string;
  updated_at: string;
  version: number;
}

export interface Consent {
  id: string;
  purpose: string;
  partner_name: string | null;
  status: 'given' | 'withdrawn';
  given_on: string;
  method: string;
  recorded_by?: string;
  created_at?: string;
}

export interface TeamMember {
  user_id: string;
  role: string;
  display_name: string;
}

export interface CaseRecord {
  id: string;
  number: string;
  person: { id: string; given_name: string; family_name: string; minor: boolean };
  team_id: string | null;
  status: string;
  opened_on: string;
  closed_on: string | null;
  closure_reason: string | null;
  programmes: string[];
  victim_status: string | null;
  victim_status_by: string | null;
  exploitation_types: string[];
  means_of_control: string[];
  recruitment_methods: string[];
  recruitment_country: string | null;
  summary: string;
  team: TeamMember[];
  access: { write: boolean; break_glass: boolean; note_levels: string[] };
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CaseSummary {
  id: string;
  number: string;
  status: string;
  opened_on: string;
  person: { id: string; given_name: string; family_name: string; minor: boolean };
  my_role: string;
  open_tasks: number;
  overdue_tasks: number;
}

export interface CasePage {
  items: CaseSummary[];
  next: string | null;
}

export interface Task {
  id: string;
  case_id: string | null;
  assignee_id: string;
  kind: 'task' | 'appointment';
  title: string;
  due_at: string;
  remind_at: string | null;
  done_at: string | null;
  overdue: boolean;
  version: number;
}

export interface Note {
  id: string;
  level: string;
  body: string;
  author_id: string;
  author: string;
  created_at: string;
}

export interface Encounter {
  id: string;
  type: string;
  happened_on: string;
  duration_minutes: number | null;
  site_id: string | null;
  language: string | null;
  interpreter: boolean;
  topics: string[];
  projects: string[];
  notes: string;
  author_id: string;
  created_at: string;
}

export interface BreakGlassGrant {
  id: string;
  user_id: string;
  user: string;
  case_id: string;
  case_number: string;
  reason: string;
  granted_at: string;
  expires_at: string;
  active: boolean;
}

export interface Team {
  id: string;
  name: string;
  member_ids: string[];
}

export const GENDERS = [
  'Feminine',
  'Masculine',
  'TransgenderFeminine',
  'TransgenderMasculine',
  'NonConforming',
  'NonSpecified',
  'Unknown',
] as const;

export const CASE_STATUSES = ['Active', 'FollowUp', 'Closed', 'ClosedReferred'] as const;
export const CLOSED_STATUSES: readonly string[] = ['Closed', 'ClosedReferred'];

export const VICTIM_STATUSES = ['possible', 'actual', 'not_victim'] as const;

export const EXPLOITATION_TYPES = [
  'SexualExploitation',
  'ForcedLabour',
  'ForcedCriminality',
  'ForcedBegging',
  'Servitude',
  'ForcedMarriage',
  'ChildLabour',
  'OrganRemoval',
  'ForcedAdoption',
  'Surrogacy',
  'ForcedMilitaryByNonStateActors',
  'Other',
] as const;

export const MEANS_OF_CONTROL = [
  'DebtBondage',
  'WithholdsDocuments',
  'PhysicalThreats',
  'ThreatensChildrenFamily',
  'ThreatsLawEnforcement',
  'SpiritualCoercion',
  'FalsePromises',
  'PhysicalAbuse',
  'SexualAbuse',
  'PsychologicalAbuse',
  'TakesEarnings',
  'RestrictsFinancialAccess',
  'RestrictsMovement',
  'RestrictsMedicalCare',
  'WithholdsNecessities',
  'PsychoactiveSubstance',
  'ExcessiveWorkingHours',
  'Other',
] as const;

export const RECRUITMENT_METHODS = [
  'ThroughFriendsOrSocialEvents',
  'ThroughFamilyOrFamilyEvents',
  'ThroughOnlineSocialNetworks',
  'ThroughAnOnlineAdvertisement',
  'AtAPlaceOfBusiness',
  'AtWork',
  'AtAnEducationalInstitution',
  'ThroughANewspaperAdvert',
  'ThroughATelevisionAdvert',
  'Other',
] as const;

export const CASE_MEMBER_ROLES = [
  'lead',
  'peer_mediator',
  'lawyer',
  'psychologist',
  'other',
] as const;

export const ENCOUNTER_TYPES = [
  'outreach_contact',
  'individual_meeting',
  'orientation',
  'legal_consultation',
  'accompaniment_police',
  'accompaniment_prefecture',
  'accompaniment_court',
  'accompaniment_hospital',
  'psychological_session',
  'phone_follow_up',
  'other',
] as const;

export const AGE_BANDS = ['0-14', '15-17', '18-24', '25-34', '35-49', '50+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const DURATION_PRESETS = [5, 15, 30, 60] as const;

export const CONSENT_PURPOSES = [
  'case_management',
  'sharing',
  'research',
  'media',
  'photo',
] as const;
export const CONSENT_METHODS = ['oral', 'written'] as const;

export const NOTE_LEVELS = ['general', 'legal', 'clinical'] as const;

/** Documents asked about at registration; the API accepts any short key. */
export const DOCUMENT_KINDS = [
  'passport',
  'national_id',
  'residence_permit',
  'birth_certificate',
] as const;
export const DOCUMENT_STATUSES = ['held', 'missing', 'confiscated'] as const;

/** Countries most often met first in the lists, then every other one. */
export const COMMON_COUNTRIES = [
  'NG',
  'RO',
  'FR',
  'CN',
  'BG',
  'AL',
  'CM',
  'CI',
  'GN',
  'MA',
  'DZ',
  'BR',
  'VN',
  'UA',
  'IT',
  'ES',
  'BE',
];

/** Languages offered in pickers (ISO 639); Pidgin (pcm) and Edo (bin) have three letters. */
export const LANGUAGE_CODES = [
  'en',
  'fr',
  'pcm',
  'yo',
  'ig',
  'bin',
  'ha',
  'ro',
  'bg',
  'es',
  'it',
  'pt',
  'ar',
  'zh',
  'ru',
  'uk',
  'sq',
  'vi',
  'tw',
  'wo',
  'ff',
  'ln',
  'sw',
  'am',
  'ti',
  'fa',
  'ps',
  'ur',
  'bn',
  'ta',
  'tr',
  'de',
  'nl',
  'pl',
];
