-- Issue 19: the in-app notice centre. A notice row now has two parts: the mail (status) and the
-- in-app notice (in_app, read_at). With mail off, or when the member chose "app only", or for a kind
-- that is never mailed, the row's mail status is 'none': the worker never takes it, and the officer's
-- outbox does not list it as mail. A secret link (invitation, reset) is never shown in the app.
ALTER TABLE notice DROP CONSTRAINT notice_status_check;
ALTER TABLE notice ADD CONSTRAINT notice_status_check
  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'none'));
ALTER TABLE notice ADD COLUMN in_app boolean NOT NULL DEFAULT false;
-- The link the in-app notice opens (a path); null for a secret link.
ALTER TABLE notice ADD COLUMN url text;
UPDATE notice SET in_app = true WHERE member_id IS NOT NULL AND NOT secret;
CREATE INDEX notice_in_app ON notice (member_id, created_at DESC, id) WHERE in_app;
CREATE INDEX notice_unread ON notice (member_id) WHERE in_app AND read_at IS NULL;

-- What each member chose per kind of notice: 'mail' (mail and app, the default when no row),
-- 'app' (app only) or 'off'. Essential kinds are held at 'mail' by the service (notify/NoticeKind).
CREATE TABLE notice_preference (
  member_id   uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  kind        text NOT NULL,
  choice      text NOT NULL CHECK (choice IN ('mail', 'app', 'off')),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, kind)
);

-- The mail server refused the member's address for good (a 5xx answer, or an address it cannot
-- use): shown against the member to the officer. Cleared when a later mail to the address is
-- accepted, or when the address changes.
ALTER TABLE member ADD COLUMN mail_problem text;
ALTER TABLE member ADD COLUMN mail_problem_at timestamptz;

CREATE FUNCTION member_mail_problem_cleared() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.mail_problem := NULL;
  NEW.mail_problem_at := NULL;
  RETURN NEW;
END $$;

CREATE TRIGGER member_mail_problem_cleared BEFORE UPDATE OF email ON member
  FOR EACH ROW WHEN (NEW.email IS DISTINCT FROM OLD.email) EXECUTE FUNCTION member_mail_problem_cleared();
