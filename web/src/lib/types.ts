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
