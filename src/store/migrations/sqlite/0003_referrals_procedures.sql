-- Referrals, rights and protection. One workflow mechanism (like Primero's transitions) serves
-- every hand-over and every procedure: a procedure of some kind (referral, criminal proceedings,
-- compensation claim, residence permit, asylum, exit programme, housing application,
-- child-protection report, ad hoc administrator, guardianship, age assessment) on a case, with a
-- status that moves only along the transitions its kind allows (core/procedures.h), dated steps,
-- and the deadlines computed from its dates. What indicators count stays in clear; free text and
-- anything that could locate a person is encrypted (columns ending in _enc).

-- Directory of partner organisations and national mechanisms (HTCDS org_).
CREATE TABLE partners (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                   -- HTCDS org_Type: NGO, LawEnforcement, ...
  mechanism TEXT UNIQUE,                -- national mechanism code (acse, civi, ofpra, ...) or NULL
  services TEXT NOT NULL DEFAULT '[]',  -- JSON array of service codes
  languages TEXT NOT NULL DEFAULT '[]', -- JSON array of ISO 639 codes
  country TEXT,                         -- ISO 3166-1 alpha-2
  region TEXT,
  city TEXT,
  location_enc TEXT,                    -- JSON {address, latitude, longitude}
  address_confidential INTEGER NOT NULL DEFAULT 0,  -- a shelter's address: need-to-know only
  phone TEXT,
  email TEXT,
  website TEXT,
  contact_name TEXT,
  notes TEXT,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX partners_name ON partners(name);

-- A partner user belongs to one partner organisation; some social workers are granted the
-- shelter addresses explicitly (access.md: "own, with explicit grant").
ALTER TABLE users ADD COLUMN partner_id TEXT REFERENCES partners(id);
ALTER TABLE users ADD COLUMN secret_places INTEGER NOT NULL DEFAULT 0;

-- A sharing consent names the partner (by id) and the items of data she agreed to share.
ALTER TABLE consents ADD COLUMN data_items TEXT NOT NULL DEFAULT '[]';
CREATE INDEX consents_partner ON consents(partner_id);

CREATE TABLE procedures (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  kind TEXT NOT NULL,                   -- core/procedures.h kinds
  status TEXT NOT NULL,
  opened_on TEXT NOT NULL,
  closed_on TEXT,                       -- when a final status was reached
  partner_id TEXT REFERENCES partners(id),  -- referral addressee or sender; housing mechanism
  direction TEXT,                       -- referrals: out, in
  reason TEXT,                          -- referrals: HTCDS reason or ours
  due_on TEXT,                          -- the date the next step is expected
  lawyer_id TEXT REFERENCES users(id),
  fields TEXT NOT NULL DEFAULT '{}',    -- JSON object: the kind's clear fields (dates, choices, amounts)
  details_enc TEXT,                     -- JSON object: the kind's free-text fields
  packet_items TEXT NOT NULL DEFAULT '[]',  -- referrals: items of data to share
  packet_enc TEXT,                      -- referrals: the packet as sent (frozen at sending)
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX procedures_case ON procedures(case_id, kind);
CREATE INDEX procedures_partner ON procedures(partner_id, status);
CREATE INDEX procedures_kind ON procedures(kind, status);

-- Every status change and every dated step (hearing, renewal, document received, ...).
CREATE TABLE procedure_steps (
  id TEXT PRIMARY KEY,
  procedure_id TEXT NOT NULL REFERENCES procedures(id),
  kind TEXT NOT NULL,                   -- transition, or a step kind of the procedure's kind
  from_status TEXT,
  to_status TEXT,
  happened_on TEXT NOT NULL,            -- YYYY-MM-DD
  fields TEXT NOT NULL DEFAULT '{}',
  details_enc TEXT,                     -- JSON object: reason, outcome, court, ...
  actor_id TEXT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX procedure_steps_procedure ON procedure_steps(procedure_id, happened_on);

-- Deadlines computed from each procedure (core::deadlines_of), rewritten on every change.
CREATE TABLE deadlines (
  procedure_id TEXT NOT NULL REFERENCES procedures(id),
  kind TEXT NOT NULL,                   -- civi_claim, permit_renewal, psp_renewal, hearing, ...
  case_id TEXT NOT NULL REFERENCES cases(id),
  due_on TEXT NOT NULL,
  remind_on TEXT NOT NULL,
  ref TEXT NOT NULL DEFAULT '',         -- distinguishes several of one kind (a hearing's step id)
  PRIMARY KEY (procedure_id, kind, ref)
);
CREATE INDEX deadlines_due ON deadlines(due_on);
CREATE INDEX deadlines_case ON deadlines(case_id);
