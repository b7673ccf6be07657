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

CREATE INDEX project_records_encounters ON project_records(project_id, encounter_on)
  INCLUDE (encounter_type, encounter_person_id, record_id) WHERE record_type = 'encounter';
-- Replaced by the above: counts no longer look encounters up one by one.
DROP INDEX encounters_counting;

CREATE FUNCTION project_records_fill_encounter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.record_type = 'encounter' THEN
    SELECT e.happened_on, e.person_id, e.type
      INTO NEW.encounter_on, NEW.encounter_person_id, NEW.encounter_type
      FROM encounters e WHERE e.id = NEW.record_id;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER project_records_encounter BEFORE INSERT ON project_records
FOR EACH ROW EXECUTE FUNCTION project_records_fill_encounter();

CREATE FUNCTION encounters_follow_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM project_records WHERE record_type = 'encounter' AND record_id = OLD.id;
  ELSE
    UPDATE project_records SET encounter_on = NEW.happened_on,
      encounter_person_id = NEW.person_id, encounter_type = NEW.type
    WHERE record_type = 'encounter' AND record_id = NEW.id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER encounters_linked_change AFTER UPDATE OF happened_on, person_id, type ON encounters
FOR EACH ROW WHEN (OLD.happened_on IS DISTINCT FROM NEW.happened_on
                   OR OLD.person_id IS DISTINCT FROM NEW.person_id
                   OR OLD.type IS DISTINCT FROM NEW.type)
EXECUTE FUNCTION encounters_follow_links();
CREATE TRIGGER encounters_linked_delete AFTER DELETE ON encounters
FOR EACH ROW EXECUTE FUNCTION encounters_follow_links();
