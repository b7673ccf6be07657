-- Activities, media, calls for contributions, projects and indicators (how the association runs
-- and reports on its programmes). Group work is counted in clear (types, dates, counts); names of
-- members stay in `people` (encrypted) and are linked by id.

-- An activity: a workshop cycle, a discussion group, a training, a film + debate series, an
-- outreach round... Its sessions are the dated meetings (table activity_sessions: `sessions`
-- holds sign-in sessions).
CREATE TABLE activities (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,                   -- workshop, discussion_group, art_therapy, training, awareness_session, film_debate, podcast_recording, event, outreach_round
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  themes TEXT NOT NULL DEFAULT '[]',    -- JSON array of themes (e.g. "History of slavery")
  audience TEXT NOT NULL DEFAULT 'members',  -- members, professionals, mixed, public
  international INTEGER NOT NULL DEFAULT 0,  -- an international event
  starts_on TEXT,
  ends_on TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX activities_type ON activities(type);

CREATE TABLE activity_sessions (
  id TEXT PRIMARY KEY,
  activity_id TEXT NOT NULL REFERENCES activities(id),
  held_on TEXT NOT NULL,                -- YYYY-MM-DD
  starts_at TEXT,                       -- HH:MM
  duration_minutes INTEGER,
  site_id TEXT REFERENCES sites(id),
  place TEXT,                           -- when not one of the sites
  theme TEXT,
  work TEXT,                            -- the film screened, the book read, the podcast topic
  facilitators TEXT NOT NULL DEFAULT '[]',  -- JSON array of user ids
  guests TEXT NOT NULL DEFAULT '[]',        -- JSON array of {name, role, organisation}: invited speakers (public persons)
  materials TEXT NOT NULL DEFAULT '[]',     -- JSON array of {title, link}
  notes_enc TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX activity_sessions_activity ON activity_sessions(activity_id, held_on);
CREATE INDEX activity_sessions_date ON activity_sessions(held_on);

-- Attendance: a member by person id, or outsiders by count + organisation + profession.
CREATE TABLE attendance (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES activity_sessions(id),
  person_id TEXT REFERENCES people(id),
  outsider_count INTEGER,               -- when person_id is NULL
  organisation TEXT,
  profession TEXT,                      -- police_officer, lawyer, magistrate, social_worker, health_worker, teacher, ngo_worker, student, other
  role TEXT NOT NULL DEFAULT 'participant',  -- participant, peer_helper, trainee
  recorded_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX attendance_member ON attendance(session_id, person_id);
CREATE INDEX attendance_person ON attendance(person_id);

-- Media made with members: podcast episodes, films, videos.
CREATE TABLE media_items (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,                   -- podcast_episode, film, video, article, photo_series
  title TEXT NOT NULL,
  activity_id TEXT REFERENCES activities(id),
  status TEXT NOT NULL DEFAULT 'in_production',  -- in_production, ready, published, taken_down
  published_on TEXT,
  link TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE media_participants (
  media_id TEXT NOT NULL REFERENCES media_items(id),
  person_id TEXT NOT NULL REFERENCES people(id),
  part TEXT NOT NULL DEFAULT 'voice',   -- voice, face, name_credited, interview
  PRIMARY KEY (media_id, person_id)
);
CREATE INDEX media_participants_person ON media_participants(person_id);
CREATE INDEX media_items_activity ON media_items(activity_id);

-- Calls for contributions: outside initiatives apply, reviewers score them against criteria.
CREATE TABLE calls (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  criteria TEXT NOT NULL DEFAULT '[]',  -- JSON array of {key, label, weight, max}
  opens_on TEXT,
  closes_on TEXT,
  places INTEGER,                       -- how many projects will be selected
  status TEXT NOT NULL DEFAULT 'open',  -- draft, open, reviewing, decided, closed
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  call_id TEXT NOT NULL REFERENCES calls(id),
  initiative TEXT NOT NULL,             -- the applicant initiative's name
  organisation TEXT,
  region TEXT,
  country TEXT,
  contact_enc TEXT,                     -- JSON {name, email, phone}
  summary TEXT NOT NULL DEFAULT '',
  received_on TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'received',  -- received, under_review, selected, not_selected, withdrawn
  follow_up TEXT NOT NULL DEFAULT '[]', -- JSON array of {on, note, outcome}
  outcome TEXT,                         -- for selected projects: what came of it
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX applications_call ON applications(call_id, status);

CREATE TABLE reviews (
  application_id TEXT NOT NULL REFERENCES applications(id),
  reviewer_id TEXT NOT NULL REFERENCES users(id),
  scores TEXT NOT NULL DEFAULT '{}',    -- JSON {criterion key: score}
  comment TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (application_id, reviewer_id)
);

-- Projects (grants) and what counts towards them.
CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,            -- short tag, e.g. "voiceover"; encounters.projects holds these codes
  name TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT,                         -- NULL: ongoing
  aims TEXT NOT NULL DEFAULT '',
  funders TEXT NOT NULL DEFAULT '[]',   -- JSON array of {name, amount_cents, currency}
  partners TEXT NOT NULL DEFAULT '[]',  -- JSON array of {partner_id|null, name, country}
  narrative TEXT NOT NULL DEFAULT '{}', -- JSON {field: text}: report narrative fields
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

-- Any record counted towards a project (a record may count towards several).
CREATE TABLE project_records (
  project_id TEXT NOT NULL REFERENCES projects(id),
  record_type TEXT NOT NULL,            -- case, encounter, procedure, activity, session, attendance, media_item, application
  record_id TEXT NOT NULL,
  PRIMARY KEY (project_id, record_type, record_id)
);
CREATE INDEX project_records_record ON project_records(record_type, record_id);
-- Indicators count a project's linked records through the primary key (project_id, record_type,
-- record_id); households group a person with her relations from either end.
CREATE INDEX relations_relative ON relations(relative_id, person_id);
-- A linked encounter is read for its date, person and type alone: from this index, without
-- visiting the table (encounters are the bulk of what projects link).
CREATE INDEX encounters_counting ON encounters(id) INCLUDE (happened_on, person_id, type);

-- Which project viewers report on which projects.
CREATE TABLE project_viewers (
  project_id TEXT NOT NULL REFERENCES projects(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (project_id, user_id)
);

CREATE TABLE indicators (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id),
  position INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL,
  counts TEXT NOT NULL,                 -- core/indicators.h: what is counted
  filters TEXT NOT NULL DEFAULT '{}',   -- JSON object of filters (core/indicators.h)
  target INTEGER,
  milestones TEXT NOT NULL DEFAULT '[]',  -- JSON array of {on, value}
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX indicators_project ON indicators(project_id, position);
