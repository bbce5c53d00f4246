-- Issue 20 item 4 (R5, the presenter must attend): a case's presenter may name a colleague of their
-- agency who presents it instead. Recorded on the agenda item: who stands in, who named them, when
-- (the meeting's log has the event too). Cleared: all three null.
ALTER TABLE agenda_item ADD COLUMN stand_in_member_id uuid REFERENCES member(id);
ALTER TABLE agenda_item ADD COLUMN stand_in_named_by uuid REFERENCES member(id);
ALTER TABLE agenda_item ADD COLUMN stand_in_named_at timestamptz;
ALTER TABLE agenda_item ADD CONSTRAINT agenda_item_stand_in_recorded
  CHECK ((stand_in_member_id IS NULL) = (stand_in_named_by IS NULL)
     AND (stand_in_member_id IS NULL) = (stand_in_named_at IS NULL));
ALTER TABLE agenda_item ADD CONSTRAINT agenda_item_stand_in_case
  CHECK (stand_in_member_id IS NULL OR kind = 'case');
