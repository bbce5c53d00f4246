-- Issue 17, item 1: attendance right by default.
-- A member who has joined the live room but not yet said how they attend (in the room or
-- remotely) has a row with no status: "not yet marked", never "remote" by assumption. The
-- existing CHECKs hold (a NULL status is neither a substitute nor an apology).
ALTER TABLE attendance ALTER COLUMN status DROP NOT NULL;
-- When a remote member's last connection closed (cleared when they come back); joined_at stays
-- the first join.
ALTER TABLE attendance ADD COLUMN left_at timestamptz;
-- Double-district panels (R1): a member who attended only one district's half of the meeting.
-- NULL: the whole meeting.
ALTER TABLE attendance ADD COLUMN half text CHECK (half IN ('first_district', 'second_district'));
-- The officer confirms the register at the end; any later change to it clears the confirmation.
ALTER TABLE meeting ADD COLUMN register_confirmed_at timestamptz;
ALTER TABLE meeting ADD COLUMN register_confirmed_by uuid REFERENCES member (id);
