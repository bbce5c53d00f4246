-- Live-room state that is not a row of its own: the raise-hand queues (one per agenda item), the
-- section of the case summary the presenter is pointing at, and the actions whose closure the chair
-- has put to the partners present (R8). Written with the event that changes them.
ALTER TABLE meeting ADD COLUMN hands jsonb NOT NULL DEFAULT '{}';
ALTER TABLE meeting ADD COLUMN highlight jsonb;
ALTER TABLE meeting ADD COLUMN closure_proposals jsonb NOT NULL DEFAULT '[]';

-- Why the chair sent a proposed action back, or why an objection kept one open.
ALTER TABLE action ADD COLUMN returned_reason text;
ALTER TABLE contribution ADD COLUMN hidden_by_member_id uuid REFERENCES member(id);
