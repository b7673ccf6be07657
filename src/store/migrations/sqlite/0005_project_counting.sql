-- Counting linked encounters without reading the encounters table.
--
-- Encounters are the bulk of what projects link (about 160,000 links for one project at 100,000
-- people, in a table of a million rows). Indicators read of a linked encounter only its date, its
-- person and its type: these are kept beside the link, so that a count reads one index of
-- project_records. Triggers keep them true however an encounter changes (an edit, a merge of two
-- people, an anonymisation) and fill them however a link is made (one link, a bulk link, a
-- restored backup). They are NULL for other kinds of record.
ALTER TABLE project_records ADD COLUMN encounter_on TEXT;
ALTER TABLE project_records ADD COLUMN encounter_person_id TEXT;
ALTER TABLE project_records ADD COLUMN encounter_type TEXT;

UPDATE project_records AS pr SET encounter_on = e.happened_on, encounter_person_id = e.person_id,
  encounter_type = e.type
FROM encounters AS e WHERE pr.record_type = 'encounter' AND e.id = pr.record_id;

CREATE INDEX project_records_encounters ON project_records(project_id, encounter_on,
  encounter_type, encounter_person_id, record_id) WHERE record_type = 'encounter';
-- Replaced by the above: counts no longer look encounters up one by one.
DROP INDEX encounters_counting;

CREATE TRIGGER project_records_encounter AFTER INSERT ON project_records
WHEN NEW.record_type = 'encounter'
BEGIN
  UPDATE project_records SET
    encounter_on = (SELECT e.happened_on FROM encounters e WHERE e.id = NEW.record_id),
    encounter_person_id = (SELECT e.person_id FROM encounters e WHERE e.id = NEW.record_id),
    encounter_type = (SELECT e.type FROM encounters e WHERE e.id = NEW.record_id)
  WHERE project_id = NEW.project_id AND record_type = 'encounter' AND record_id = NEW.record_id;
END;

CREATE TRIGGER encounters_linked_change AFTER UPDATE OF happened_on, person_id, type ON encounters
WHEN OLD.happened_on IS NOT NEW.happened_on OR OLD.person_id IS NOT NEW.person_id
  OR OLD.type IS NOT NEW.type
BEGIN
  UPDATE project_records SET encounter_on = NEW.happened_on, encounter_person_id = NEW.person_id,
    encounter_type = NEW.type
  WHERE record_type = 'encounter' AND record_id = NEW.id;
END;

CREATE TRIGGER encounters_linked_delete AFTER DELETE ON encounters
BEGIN
  DELETE FROM project_records WHERE record_type = 'encounter' AND record_id = OLD.id;
END;
