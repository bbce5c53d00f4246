-- Issue 19: meeting notices. Each change mailed to the panel as an iCalendar update (moved,
-- cancelled) carries a higher SEQUENCE than the one before, so calendars replace the old entry
-- (the UID is the meeting's): the counter is kept on the meeting, raised in the change's transaction.
ALTER TABLE meeting ADD COLUMN ics_sequence integer NOT NULL DEFAULT 0 CHECK (ics_sequence >= 0);

-- A cancelled meeting keeps its row (its notices, links and audit refer to it); it cannot be moved
-- or cancelled again.
ALTER TABLE meeting ADD COLUMN cancelled_at timestamptz;
ALTER TABLE meeting ADD COLUMN cancelled_by uuid REFERENCES member (id);
