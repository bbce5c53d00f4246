-- Issue 15: the register is a record, never a key to the room. Besides the panel's members, a
-- meeting's room admits those the officer or the chair names here (a substitute for a panel
-- member, or a guest), while the meeting is not closed; a withdrawn admission keeps its row.
CREATE TABLE meeting_guest (
  meeting_id            uuid NOT NULL REFERENCES meeting (id),
  member_id             uuid NOT NULL REFERENCES member (id),
  kind                  text NOT NULL CHECK (kind IN ('substitute', 'guest')),
  for_member_id         uuid REFERENCES member (id),
  admitted_by_member_id uuid NOT NULL REFERENCES member (id),
  admitted_at           timestamptz NOT NULL,
  withdrawn_at          timestamptz,
  PRIMARY KEY (meeting_id, member_id),
  CHECK (kind <> 'substitute' OR for_member_id IS NOT NULL)
);

-- When a member first joined the live room, whatever their mark says: someone who sent apologies
-- with a written update and then joined keeps both facts.
ALTER TABLE attendance ADD COLUMN joined_at timestamptz;
