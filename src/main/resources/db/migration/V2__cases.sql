-- Case submission (R4-R6), key agencies per presenting need, the pre-meeting pack (issue 5).

-- Which agencies the chair expects in the room for a presenting need (DOMAIN.md). Data, not code,
-- because every council names and splits its agencies differently. A row without an agency means
-- "all": every county-wide agency is key for that need.
CREATE TABLE need_key_agency (
  need       text NOT NULL CHECK (need ~ '^[a-z_]{1,40}$'),
  agency_id  uuid REFERENCES agency(id)
);
CREATE UNIQUE INDEX need_key_agency_unique
  ON need_key_agency (need, coalesce(agency_id, '00000000-0000-0000-0000-000000000000'));

-- A late case stays marked late after the chair accepts it, so the R4 report can count them.
ALTER TABLE family_case ADD COLUMN submitted_late boolean NOT NULL DEFAULT false;
ALTER TABLE family_case ADD COLUMN declined_by_member_id uuid REFERENCES member(id);
ALTER TABLE family_case ADD COLUMN declined_reason text;
ALTER TABLE family_case ADD CONSTRAINT family_case_declined_reason
  CHECK (status <> 'declined' OR coalesce(length(declined_reason), 0) > 0);
CREATE INDEX family_case_presenter ON family_case (presenter_member_id);

CREATE INDEX audit_entry_subject ON audit_entry (subject, at);
