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

-- The national mechanisms every association in France refers to (domain.md), with fixed ids so
-- that deployments, imports and tests agree. Only public, generic information: no person's name,
-- and no address for Ac.Sé (its safe houses are secret; encrypted columns cannot be written from
-- SQL anyway, so location_enc stays NULL). Each deployment completes them (local phone numbers,
-- the departmental commission's secretariat, ...) through the directory.
INSERT INTO partners (id, name, kind, mechanism, services, languages, country, region, city,
                      location_enc, address_confidential, phone, email, website, contact_name,
                      notes, active, created_at, updated_at, version) VALUES
  ('00000000-0000-7000-8000-000000000001',
   'Ac.Sé — dispositif national d''accueil sécurisant des victimes de la traite', 'NGO', 'acse',
   '["safe_relocation","shelter"]', '["fr","en"]', 'FR', NULL, NULL, NULL, 1, NULL, NULL, NULL,
   NULL,
   'Mise à l''abri loin de la région d''exploitation, pour des victimes majeures en danger qui ' ||
   'l''acceptent. Un professionnel appelle la coordination nationale. Adresses des lieux ' ||
   'd''accueil confidentielles.',
   1, '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z', 1),
  ('00000000-0000-7000-8000-000000000002',
   'Commission départementale de lutte contre la prostitution, le proxénétisme et la traite ' ||
   '(parcours de sortie de la prostitution)', 'CentralGovernmentOrganisation', 'psp_commission',
   '["exit_programme"]', '["fr"]', 'FR', NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL,
   'Présidée par le préfet : rend un avis sur les demandes de parcours de sortie présentées par ' ||
   'une association agréée ; le préfet autorise (6 mois renouvelables jusqu''à 24).',
   1, '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z', 1),
  ('00000000-0000-7000-8000-000000000003',
   'CIVI — Commission d''indemnisation des victimes d''infractions', 'LegalService', 'civi',
   '["compensation"]', '["fr"]', 'FR', NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL,
   'Au tribunal judiciaire. Demande dans les 3 ans de l''infraction ou dans l''année de la ' ||
   'décision pénale définitive (art. 706-5 du code de procédure pénale).',
   1, '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z', 1),
  ('00000000-0000-7000-8000-000000000004',
   'SIAO / 115 — service intégré d''accueil et d''orientation', 'LocalGovernmentOrganisation',
   'siao_115', '["emergency_housing","housing"]', '["fr"]', 'FR', NULL, NULL, NULL, 0, '115',
   NULL, NULL, NULL,
   'Hébergement d''urgence (115, gratuit, jour et nuit) et orientation vers l''hébergement ou le ' ||
   'logement du département.',
   1, '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z', 1),
  ('00000000-0000-7000-8000-000000000005',
   'ASE — aide sociale à l''enfance (conseil départemental)', 'LocalGovernmentOrganisation', 'ase',
   '["child_protection"]', '["fr"]', 'FR', NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL,
   'Reçoit les informations préoccupantes par la cellule départementale (CRIP) ; accueil et ' ||
   'protection des mineurs.',
   1, '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z', 1),
  ('00000000-0000-7000-8000-000000000006',
   'Juge des enfants (tribunal judiciaire)', 'LegalService', 'juvenile_judge',
   '["child_protection"]', '["fr"]', 'FR', NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL,
   'Assistance éducative et placement des mineurs en danger ; saisi par le procureur, la ' ||
   'famille ou le mineur lui-même.',
   1, '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z', 1),
  ('00000000-0000-7000-8000-000000000007',
   'OFPRA — Office français de protection des réfugiés et apatrides', 'ImmigrationService',
   'ofpra', '["asylum_support"]', '["fr"]', 'FR', 'Île-de-France', 'Fontenay-sous-Bois', NULL, 0,
   NULL, NULL, 'https://www.ofpra.gouv.fr', NULL,
   'Instruit les demandes d''asile (entretien, décision).',
   1, '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z', 1),
  ('00000000-0000-7000-8000-000000000008',
   'CNDA — Cour nationale du droit d''asile', 'LegalService', 'cnda', '["asylum_support"]',
   '["fr"]', 'FR', 'Île-de-France', 'Montreuil', NULL, 0, NULL, NULL, 'https://www.cnda.fr', NULL,
   'Recours contre les décisions de l''OFPRA, dans le mois de leur notification.',
   1, '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z', 1),
  ('00000000-0000-7000-8000-000000000009',
   'Point d''accès au droit (PAD)', 'LegalService', 'pad', '["legal_advice"]', '["fr"]', 'FR',
   NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL,
   'Information juridique gratuite et confidentielle, permanences d''avocats et de juristes.',
   1, '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z', 1),
  ('00000000-0000-7000-8000-00000000000a',
   'Avocats bénévoles', 'LegalService', 'volunteer_lawyers',
   '["legal_representation","legal_advice"]', '["fr"]', 'FR', NULL, NULL, NULL, 0, NULL, NULL,
   NULL, NULL,
   'Avocates et avocats qui accompagnent bénévolement les personnes suivies (plainte, partie ' ||
   'civile, CIVI, titre de séjour, asile).',
   1, '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z', 1);
