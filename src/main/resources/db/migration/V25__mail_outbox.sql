-- Issue 19: the durable outbox. A notice is one row, written in the same transaction as the change
-- that causes it (so a change and its notice commit together or not at all); the mail worker sends
-- the due rows with retries and backoff. The same row will feed the in-app notice centre (member_id,
-- read_at). Bodies never hold case narrative, contributions or written updates (R12: notify/MailGuard).
CREATE TABLE notice (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind             text NOT NULL,
  -- The member it is for (null: an address that is no member, e.g. a summons to an agency inbox).
  member_id        uuid REFERENCES member(id),
  to_address       text NOT NULL,
  subject          text NOT NULL,
  text_body        text NOT NULL,
  html_body        text NOT NULL,
  -- Optional attachment (the meeting's .ics, later).
  attachment_name  text,
  attachment_type  text,
  attachment       bytea,
  -- The body carries a sign-in secret (an invitation or reset link): cleared once sent.
  secret           boolean NOT NULL DEFAULT false,
  -- One row per cause: enqueuing the same cause again is a no-op.
  dedupe_key       text NOT NULL UNIQUE,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  -- When a worker took it for sending: a row left 'sending' longer than the lease is taken again.
  claimed_at       timestamptz,
  -- Why the last try failed, in plain words (the SMTP reply or the connection error), never the body.
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  read_at          timestamptz
);

CREATE INDEX notice_due ON notice (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX notice_member ON notice (member_id, created_at DESC);
CREATE INDEX notice_status ON notice (status, created_at DESC);
