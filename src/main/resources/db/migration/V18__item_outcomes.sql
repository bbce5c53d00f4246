-- Issue 17 items 2-4: what became of an agenda item, the case's lifecycle after the panel, and
-- returned actions that follow their proposer.
-- An item is done one way: discussed, deferred to the panel's next meeting, or withdrawn (with a
-- reason). Null: not done yet (or, once the meeting has ended, not reached).
ALTER TABLE agenda_item ADD COLUMN disposition text CHECK (disposition IN ('discussed', 'deferred', 'withdrawn'));
ALTER TABLE agenda_item ADD COLUMN disposition_note text CHECK (length(disposition_note) <= 1000);
ALTER TABLE agenda_item ADD COLUMN deferred_to_meeting_id uuid REFERENCES meeting(id);
ALTER TABLE agenda_item ADD CONSTRAINT agenda_item_withdrawn_reason
  CHECK (disposition IS DISTINCT FROM 'withdrawn' OR coalesce(length(disposition_note), 0) > 0);
ALTER TABLE agenda_item ADD CONSTRAINT agenda_item_deferred_to
  CHECK ((disposition IS NOT DISTINCT FROM 'deferred') = (deferred_to_meeting_id IS NOT NULL));
-- Items done before this column existed were discussed (or skipped: the record cannot tell).
UPDATE agenda_item SET disposition = 'discussed' WHERE done;

-- A case can now be withdrawn from the panel; a deferred case remembers the meeting it came from
-- (its presenter sees it on their cases page); at its review the panel records whether the need was met.
ALTER TABLE family_case DROP CONSTRAINT family_case_status_check;
ALTER TABLE family_case ADD CONSTRAINT family_case_status_check
  CHECK (status IN ('draft', 'submitted', 'late', 'accepted', 'declined', 'discussed', 'withdrawn', 'closed'));
ALTER TABLE family_case ADD COLUMN withdrawn_reason text CHECK (length(withdrawn_reason) <= 1000);
ALTER TABLE family_case ADD COLUMN deferred_from_meeting_id uuid REFERENCES meeting(id);
ALTER TABLE family_case ADD COLUMN need_met boolean;
