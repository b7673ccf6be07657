-- Casework: teams, people and households, consents, cases and their team, trafficking context,
-- goals, notes by confidentiality level, encounters, tasks, break-the-glass grants.
-- Identifying text is encrypted (columns ending in _enc); what indicators count stays in clear.

ALTER TABLE users ADD COLUMN trained_for_minors INTEGER NOT NULL DEFAULT 0;

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE team_members (
  team_id TEXT NOT NULL REFERENCES teams(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members(user_id);

CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT 'other',   -- outreach, office, pad, court, hospital, other
  active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE people (
  id TEXT PRIMARY KEY,
  given_name_enc TEXT NOT NULL,
  family_name_enc TEXT,
  aliases_enc TEXT,                    -- JSON array of other names and spellings
  birth_date_enc TEXT,                 -- exact date when known
  birth_year INTEGER,                  -- clear: age bands for indicators
  birth_year_estimated INTEGER NOT NULL DEFAULT 0,
  gender TEXT NOT NULL DEFAULT 'Unknown',  -- HTCDS prs_Gender
  nationalities TEXT NOT NULL DEFAULT '[]',  -- JSON array of ISO 3166-1 alpha-2
  languages TEXT NOT NULL DEFAULT '[]',      -- JSON array of ISO 639 codes
  contact_enc TEXT,                    -- JSON: phones, email, address
  minor_override INTEGER,              -- NULL: computed from birth year
  age_disputed INTEGER NOT NULL DEFAULT 0,
  documents TEXT NOT NULL DEFAULT '{}',  -- JSON: {passport: held|missing|confiscated, ...}
  member INTEGER NOT NULL DEFAULT 0,
  peer_helper INTEGER NOT NULL DEFAULT 0,
  member_since TEXT,
  restricted INTEGER NOT NULL DEFAULT 0,   -- GDPR restriction of processing
  merged_into TEXT,
  anonymised_at TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

-- Blind indexes: keyed hashes of normalised name tokens, phonetic keys, phone numbers, birth
-- dates. Never plaintext.
CREATE TABLE person_search_keys (
  key_hash TEXT NOT NULL,
  person_id TEXT NOT NULL REFERENCES people(id),
  PRIMARY KEY (key_hash, person_id)
);
CREATE INDEX person_search_keys_person ON person_search_keys(person_id);

CREATE TABLE relations (
  person_id TEXT NOT NULL REFERENCES people(id),
  relative_id TEXT NOT NULL REFERENCES people(id),
  relation TEXT NOT NULL,              -- child, parent, partner, sibling, other
  PRIMARY KEY (person_id, relative_id)
);

CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  purpose TEXT NOT NULL,               -- case_management, sharing, research, media, photo
  partner_id TEXT,                     -- for sharing: the partner organisation (next release)
  partner_name TEXT,
  status TEXT NOT NULL,                -- given, withdrawn
  given_on TEXT NOT NULL,
  method TEXT NOT NULL,                -- oral, written
  recorded_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX consents_person ON consents(person_id, purpose);

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  person_id TEXT NOT NULL REFERENCES people(id),
  team_id TEXT REFERENCES teams(id),
  status TEXT NOT NULL,                -- HTCDS cas_Status: Active, FollowUp, Closed, ClosedReferred
  opened_on TEXT NOT NULL,
  closed_on TEXT,
  closure_reason TEXT,
  programmes TEXT NOT NULL DEFAULT '[]',
  victim_status TEXT,                  -- possible, actual, not_victim
  victim_status_by TEXT,               -- who decided: police, court, ofpra, association, self
  exploitation_types TEXT NOT NULL DEFAULT '[]',
  means_of_control TEXT NOT NULL DEFAULT '[]',
  recruitment_methods TEXT NOT NULL DEFAULT '[]',
  recruitment_country TEXT,
  needs TEXT NOT NULL DEFAULT '{}',
  summary_enc TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_person ON cases(person_id);
CREATE INDEX cases_team ON cases(team_id, status);

CREATE TABLE case_team (
  case_id TEXT NOT NULL REFERENCES cases(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,                  -- lead, peer_mediator, lawyer, psychologist, other
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_team_user ON case_team(user_id);

CREATE TABLE trafficking_events (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  stage TEXT NOT NULL,                 -- HTCDS hte_Type: Recruitment, Transit, Exploitation
  country TEXT,
  place_enc TEXT,
  happened_on TEXT,
  description_enc TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX trafficking_events_case ON trafficking_events(case_id);

CREATE TABLE case_goals (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  type TEXT NOT NULL,                  -- HTCDS spl_Type
  objective_enc TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open', -- open, in_progress, achieved, dropped
  progress INTEGER NOT NULL DEFAULT 0, -- percent
  planned_end TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX case_goals_case ON case_goals(case_id);

CREATE TABLE notes (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  level TEXT NOT NULL,                 -- general, legal, clinical
  body_enc TEXT NOT NULL,
  author_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX notes_case ON notes(case_id, level, created_at);

CREATE TABLE encounters (
  id TEXT PRIMARY KEY,
  case_id TEXT REFERENCES cases(id),
  person_id TEXT REFERENCES people(id),  -- NULL for an anonymous contact
  type TEXT NOT NULL,
  happened_on TEXT NOT NULL,
  duration_minutes INTEGER,
  site_id TEXT REFERENCES sites(id),
  language TEXT,
  interpreter INTEGER NOT NULL DEFAULT 0,
  topics TEXT NOT NULL DEFAULT '[]',
  projects TEXT NOT NULL DEFAULT '[]',
  anonymous_gender TEXT,
  anonymous_age_band TEXT,
  anonymous_nationality TEXT,
  notes_enc TEXT,
  author_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX encounters_case ON encounters(case_id, happened_on);
CREATE INDEX encounters_person ON encounters(person_id, happened_on);
CREATE INDEX encounters_date ON encounters(happened_on);

CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  case_id TEXT REFERENCES cases(id),
  assignee_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,                  -- task, appointment
  title_enc TEXT NOT NULL,
  due_at TEXT NOT NULL,
  remind_at TEXT,
  done_at TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_assignee ON tasks(assignee_id, done_at, due_at);
CREATE INDEX tasks_case ON tasks(case_id);

CREATE TABLE break_glass (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  case_id TEXT NOT NULL REFERENCES cases(id),
  reason_enc TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX break_glass_user ON break_glass(user_id, case_id, expires_at);

CREATE TABLE calendar_feeds (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
