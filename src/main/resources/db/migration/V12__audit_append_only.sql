-- Issue 15: the audit trail is a record, like the event log: rows are added, never changed or
-- removed (nor the table emptied).
CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only';
END $$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();
CREATE TRIGGER audit_entry_not_truncated BEFORE TRUNCATE ON audit_entry
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only();

-- A case read in the live room is recorded once per member, case and meeting: the room keeps a set
-- of what it wrote, and this index keeps it so across restarts and nodes (inserts skip a repeat).
CREATE UNIQUE INDEX audit_entry_room_case_view ON audit_entry (member_id, subject, (detail ->> 'meetingId'))
  WHERE action = 'case_viewed' AND detail ->> 'via' = 'room';
