-- Issue 15 item 10 (M9: nothing was ever deleted). retentionMonths after a closed meeting, the
-- retention job replaces what was said about its families with a stub: case narrative, what partners
-- said, written updates, free-text reasons, the same text in the event log's payloads and in draft
-- minutes (approved minutes stay the council's record unless retainApprovedMinutes is false). When it
-- did so, and the last event then, are kept here: a meeting is purged once, and again only if
-- something was added to it since (a late attendance mark, progress on one of its actions).
ALTER TABLE meeting ADD COLUMN narrative_purged_at timestamptz;
ALTER TABLE meeting ADD COLUMN narrative_purged_seq bigint;
CREATE INDEX meeting_closed_date ON meeting (meeting_date) WHERE status = 'closed';

-- The event log stays append-only, with exactly one exception: the retention job, in a transaction
-- that says so (SET LOCAL ailive.retention = 'on'), may rewrite the payload of a closed meeting's
-- events, and nothing else of them. A row is never deleted, and the table never emptied. (The
-- setting is a guard against accidents, not against the service's own database role, which owns
-- the table.)
CREATE OR REPLACE FUNCTION meeting_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('ailive.retention', true) = 'on'
     AND NEW.meeting_id = OLD.meeting_id AND NEW.seq = OLD.seq AND NEW.type = OLD.type
     AND NEW.actor_member_id IS NOT DISTINCT FROM OLD.actor_member_id
     AND NEW.idempotency_key IS NOT DISTINCT FROM OLD.idempotency_key AND NEW.at = OLD.at
     AND EXISTS (SELECT 1 FROM meeting m WHERE m.id = OLD.meeting_id AND m.status = 'closed') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'meeting_event is append-only';
END $$;
CREATE TRIGGER meeting_event_not_truncated BEFORE TRUNCATE ON meeting_event
  FOR EACH STATEMENT EXECUTE FUNCTION meeting_event_is_append_only();

-- A minutes version is written once; besides a draft becoming approved, the only change is the
-- retention job's, which rewrites the content of a closed meeting's version and nothing else.
CREATE OR REPLACE FUNCTION minutes_version_is_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'minutes versions are never deleted';
  END IF;
  IF current_setting('ailive.retention', true) = 'on'
     AND NEW.version = OLD.version AND NEW.meeting_id = OLD.meeting_id AND NEW.status = OLD.status
     AND NEW.last_seq = OLD.last_seq AND NEW.note IS NOT DISTINCT FROM OLD.note
     AND NEW.created_by_member_id = OLD.created_by_member_id AND NEW.created_at = OLD.created_at
     AND NEW.approved_by_member_id IS NOT DISTINCT FROM OLD.approved_by_member_id
     AND NEW.approved_at IS NOT DISTINCT FROM OLD.approved_at
     AND EXISTS (SELECT 1 FROM meeting m WHERE m.id = OLD.meeting_id AND m.status = 'closed') THEN
    RETURN NEW;
  END IF;
  IF OLD.status = 'approved' THEN
    RAISE EXCEPTION 'approved minutes (version %) are locked', OLD.version;
  END IF;
  IF NEW.content IS DISTINCT FROM OLD.content OR NEW.version <> OLD.version OR NEW.meeting_id <> OLD.meeting_id
     OR NEW.last_seq <> OLD.last_seq OR NEW.note IS DISTINCT FROM OLD.note
     OR NEW.created_by_member_id <> OLD.created_by_member_id OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'a minutes version is written once: draft a new version instead';
  END IF;
  RETURN NEW;
END $$;
