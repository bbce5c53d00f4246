-- Minutes, versioned (issue 8): the officer drafts them from the meeting's log, the chair approves a
-- version, and an approved version never changes; a later correction is a new version. `content` is
-- the structured record the PDF is rendered from, so a version always renders the same minutes.
CREATE TABLE minutes_version (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id             uuid NOT NULL REFERENCES meeting(id),
  version                integer NOT NULL CHECK (version > 0),
  status                 text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
  content                jsonb NOT NULL,
  -- The last event of the meeting's log the content was drafted from.
  last_seq               bigint NOT NULL CHECK (last_seq >= 0),
  -- What this version corrects or adds; required once a version has been approved.
  note                   text CHECK (note IS NULL OR length(note) BETWEEN 1 AND 4000),
  created_by_member_id   uuid NOT NULL REFERENCES member(id),
  created_at             timestamptz NOT NULL DEFAULT now(),
  approved_by_member_id  uuid REFERENCES member(id),
  approved_at            timestamptz,
  UNIQUE (meeting_id, version),
  CHECK ((status = 'approved') = (approved_by_member_id IS NOT NULL AND approved_at IS NOT NULL))
);

-- A version is written once; the only change ever made to it is a draft becoming approved.
CREATE FUNCTION minutes_version_is_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'minutes versions are never deleted';
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
CREATE TRIGGER minutes_version_locked BEFORE UPDATE OR DELETE ON minutes_version
  FOR EACH ROW EXECUTE FUNCTION minutes_version_is_locked();
