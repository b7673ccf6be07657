export type SessionState = 'mfa_required' | 'mfa_enrolment_required' | 'authenticated';

export interface Me {
  id: string;
  username: string;
  display_name: string;
  role: string;
  permissions: string[];
  language: string;
  mfa_enabled: boolean;
  session_state: SessionState;
  csrf_token: string;
  version: number;
}

export interface User {
  id: string;
  username: string;
  display_name: string;
  role: string;
  language: string;
  disabled: boolean;
  trained_for_minors?: boolean;
  mfa_enabled: boolean;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface Session {
  id: string;
  created_at: string;
  last_seen_at: string;
  user_agent: string;
  current?: boolean;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface Role {
  name: string;
  permissions: string[];
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor_id: string | null;
  actor: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  ip: string | null;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  first_broken: number | null;
}

/** Roles of the contract, in the order shown in forms. */
export const ROLES = [
  'peer_mediator',
  'social_worker',
  'coordinator',
  'lawyer',
  'psychologist',
  'researcher',
  'project_viewer',
  'partner',
  'administrator',
] as const;

export const PERMISSION_USERS_MANAGE = 'users.manage';
export const PERMISSION_AUDIT_READ = 'audit.read';
export const PERMISSION_CASES_WORK = 'cases.work';
export const PERMISSION_CASES_READ_ORG = 'cases.read.org';
export const PERMISSION_CASES_READ_TEAM = 'cases.read.team';
export const PERMISSION_USERS_READ_TEAM = 'users.read_team';
export const PERMISSION_TEAMS_MANAGE = 'teams.manage';
export const PERMISSION_BREAK_GLASS_REVIEW = 'break_glass.review';
export const PERMISSION_EXPORT = 'export.identifying';
export const PERMISSION_ERASE = 'people.erase';
export const PERMISSION_MERGE = 'people.merge';

// ---- Procedures, referrals, deadlines (docs/api-v1-procedures.md) ----
export const PERMISSION_REFERRALS_WORK = 'referrals.work';
export const PERMISSION_REFERRALS_PARTNER = 'referrals.partner';

export type ProcedureArea = 'referral' | 'legal' | 'general';
export type ProcedureFieldType =
  'text' | 'long_text' | 'date' | 'amount' | 'integer' | 'boolean' | 'choice' | 'user' | 'partner';
/** Dates and text as strings, amounts (euro cents) and integers as numbers, booleans. */
export type ProcedureFieldValue = string | number | boolean | null;

export interface ProcedureFieldSpec {
  name: string;
  type: ProcedureFieldType;
  choices: string[];
  sensitive: boolean;
}

export interface ProcedureTransitionSpec {
  from: string;
  to: string;
  reason_required: boolean;
  by_staff: boolean;
  by_partner: boolean;
  required_fields: string[];
}

export interface ProcedureKindSpec {
  kind: string;
  area: ProcedureArea;
  minors_only: boolean;
  initial: string;
  statuses: string[];
  final_statuses: string[];
  transitions: ProcedureTransitionSpec[];
  fields: ProcedureFieldSpec[];
  steps: { kind: string; fields: ProcedureFieldSpec[] }[];
}

export interface ProcedureStep {
  id: string;
  /** "transition" for a status change, else a step kind of the procedure's kind */
  kind: string;
  from_status: string | null;
  to_status: string | null;
  on: string;
  fields: Record<string, ProcedureFieldValue>;
  reason: string | null;
  actor_id: string;
  created_at: string;
}

export interface ProcedureDeadline {
  kind: string;
  due_on: string;
  remind_on: string;
  ref: string;
}

export interface Procedure {
  id: string;
  case_id: string;
  case_number: string;
  kind: string;
  area: ProcedureArea;
  status: string;
  opened_on: string;
  closed_on: string | null;
  partner_id: string | null;
  partner_name: string | null;
  direction: 'out' | 'in' | null;
  reason: string | null;
  due_on: string | null;
  lawyer_id: string | null;
  fields: Record<string, ProcedureFieldValue>;
  packet_items: string[];
  /** referrals once sent: the frozen packet */
  packet: Record<string, unknown> | null;
  /** outgoing referrals */
  consent: { sharing_in_force: boolean; items_covered: boolean } | null;
  /** oldest first (absent from the referrals list) */
  steps?: ProcedureStep[];
  deadlines: ProcedureDeadline[];
  /** statuses the reader may move to now */
  allowed: string[];
  version: number;
  created_at: string;
  updated_at: string;
}

/** A deadline of GET /deadlines (my caseload or the whole scope). */
export interface DeadlineItem {
  procedure_id: string;
  procedure_kind: string;
  kind: string;
  case_id: string;
  case_number: string;
  due_on: string;
  remind_on: string;
  overdue: boolean;
}

/** A referral as the partner organisation it is addressed to sees it (the portal). */
export interface PartnerReferral {
  id: string;
  status: string;
  reason: string;
  sent_on: string;
  due_on: string | null;
  /** the sending organisation's name */
  from: string;
  packet: Record<string, unknown> | null;
  /** the person withdrew her consent to sharing: the packet is hidden */
  packet_withheld: boolean;
  outcome: string | null;
  allowed: string[];
  steps: { to_status: string; on: string }[];
}

/** What the referral screens need of a partner of the directory. */
export interface PartnerBrief {
  id: string;
  name: string;
  kind: string;
  city: string | null;
  services: string[];
  active: boolean;
}

// ---- Partner directory (docs/api-v1-procedures.md, "Partner directory") ----
export const PERMISSION_PARTNERS_READ = 'partners.read';
export const PERMISSION_PARTNERS_MANAGE = 'partners.manage';
export const PERMISSION_PLACES_SECRET = 'places.secret';

/** An organisation or national mechanism of the directory, as GET /partners/{id} sends it. */
export interface Partner {
  id: string;
  name: string;
  kind: string;
  mechanism: string | null;
  services: string[];
  languages: string[];
  country: string | null;
  region: string | null;
  city: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  address_confidential: boolean;
  /** true when the address is confidential and the reader may not see it */
  address_hidden: boolean;
  phone: string | null;
  email: string | null;
  website: string | null;
  contact_name: string | null;
  notes: string | null;
  active: boolean;
  created_at: string;
  updated_at: string;
  version: number;
}

/** The partner fields of a user (administrators set them). */
export interface UserPartnerFields {
  /** the organisation of a user with role partner */
  partner_id?: string | null;
  /** a social worker granted the shelter addresses */
  secret_places?: boolean;
}

/** What a consent record gains for sharing: the partner by id and the data items covered. */
export interface SharingConsentFields {
  partner_id?: string | null;
  data_items?: string[];
}

// ---- Activities, media, calls, projects, indicators (docs/api-v1-activities.md) ----
export const PERMISSION_ACTIVITIES_READ = 'activities.read';
export const PERMISSION_ACTIVITIES_WORK = 'activities.work';
export const PERMISSION_PROJECTS_MANAGE = 'projects.manage';
export const PERMISSION_REPORTS_READ = 'reports.read';

export interface Activity {
  id: string;
  type: string;
  title: string;
  description: string;
  themes: string[];
  audience: string;
  international: boolean;
  starts_on: string | null;
  ends_on: string | null;
  session_count: number;
  /** ids of the projects it counts towards */
  projects: string[];
  version: number;
  created_at: string;
  updated_at: string;
  /** GET /activities/{id} only, oldest first */
  sessions?: ActivitySession[];
}

export interface SessionGuest {
  name: string;
  role: string;
  organisation: string;
}

export interface SessionMaterial {
  title: string;
  link: string;
}

/** A dated meeting of an activity ("session" in the API; not a sign-in session). */
export interface ActivitySession {
  id: string;
  activity_id: string;
  activity_title: string;
  activity_type: string;
  held_on: string;
  starts_at: string | null;
  duration_minutes: number | null;
  site_id: string | null;
  place: string | null;
  theme: string | null;
  work: string | null;
  facilitators: string[];
  guests: SessionGuest[];
  materials: SessionMaterial[];
  notes: string;
  member_count: number;
  outsider_count: number;
  projects: string[];
  version: number;
  created_at: string;
  updated_at: string;
  /** GET /sessions/{id} only */
  attendance?: Attendance[];
}

/** A member by name, or a group of outsiders by count, organisation and profession. */
export interface Attendance {
  id: string;
  session_id: string;
  person_id: string | null;
  person_name: string | null;
  outsider_count: number | null;
  organisation: string | null;
  profession: string | null;
  role: string;
}

export interface MemberBrief {
  id: string;
  name: string;
}

export interface Site {
  id: string;
  name: string;
  kind: string;
  active: boolean;
}

export interface MediaParticipant {
  person_id: string;
  person_name: string;
  part: string;
  consent_in_force: boolean;
}

export interface MediaItem {
  id: string;
  kind: string;
  title: string;
  activity_id: string | null;
  status: string;
  published_on: string | null;
  link: string | null;
  participants: MediaParticipant[];
  /** published, and a participant's media consent is no longer in force */
  must_take_down: boolean;
  projects: string[];
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CallCriterion {
  key: string;
  label: string;
  weight: number;
  max: number;
}

export interface Call {
  id: string;
  title: string;
  description: string;
  criteria: CallCriterion[];
  opens_on: string | null;
  closes_on: string | null;
  places: number | null;
  status: string;
  application_count: number;
  version: number;
}

export interface ApplicationReview {
  reviewer_id: string;
  scores: Record<string, number>;
  comment: string;
}

export interface FollowUp {
  on: string;
  note: string;
  outcome: string;
}

export interface Application {
  id: string;
  call_id: string;
  initiative: string;
  organisation: string | null;
  region: string | null;
  country: string | null;
  contact: { name: string; email: string; phone: string };
  summary: string;
  received_on: string;
  status: string;
  follow_up: FollowUp[];
  outcome: string | null;
  /** weighted mean of the reviews, 0–100; null before any review */
  score: number | null;
  reviews: ApplicationReview[];
  projects: string[];
  version: number;
}

export interface ProjectFunder {
  name: string;
  amount_cents: number;
  currency: string;
}

export interface ProjectPartner {
  partner_id: string | null;
  name: string;
  country: string | null;
}

/** Filters of an indicator: lists, or a text / boolean for the scalar ones (core/indicators.h). */
export type IndicatorFilters = Record<string, string[] | string | boolean>;

export interface Milestone {
  on: string;
  value: number;
}

export interface Indicator {
  id: string;
  project_id: string;
  position: number;
  name: string;
  counts: string;
  filters: IndicatorFilters;
  target: number | null;
  milestones: Milestone[];
  version: number;
}

export interface Project {
  id: string;
  code: string;
  name: string;
  starts_on: string;
  ends_on: string | null;
  aims: string;
  funders: ProjectFunder[];
  partners: ProjectPartner[];
  narrative: Record<string, string>;
  viewers: string[];
  version: number;
  created_at: string;
  updated_at: string;
  /** GET /projects/{id} only, by position */
  indicators?: Indicator[];
}

export interface ProjectBrief {
  id: string;
  code: string;
  name: string;
  starts_on: string;
  ends_on: string | null;
}

export interface Period {
  from: string;
  to: string;
}

/** A published count: null when hidden (small-cell suppression). */
export type Figure = number | null;

export interface DashboardIndicator {
  id: string;
  name: string;
  counts: string;
  target: number | null;
  milestones: Milestone[];
  value: Figure;
  /** value / target (may pass 1); null without a target or when hidden */
  progress: number | null;
  /** cumulative value at the end of each month ("2026-03") */
  by_month: { month: string; value: Figure }[];
  breakdowns: Record<string, { cells: { category: string; value: Figure }[]; total: Figure }>;
}

export interface ProjectDashboard {
  project: ProjectBrief;
  period: Period;
  suppressed: boolean;
  k: number;
  indicators: DashboardIndicator[];
}

export interface OverviewIndicator {
  id: string;
  name: string;
  counts: string;
  value: Figure;
  target: number | null;
  progress: number | null;
}

export interface Overview {
  suppressed: boolean;
  k: number;
  projects: (ProjectBrief & { period: Period; indicators: OverviewIndicator[] })[];
}
