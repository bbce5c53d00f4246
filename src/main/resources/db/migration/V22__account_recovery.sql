-- Accounts people can recover (issue 18, item 4): re-invitations void older ones, and password
-- resets (asked for by the member, or issued by the officer) are single-use codes stored hashed.

-- An invitation another one replaced (a re-invite) or that stopped with its member's deactivation.
ALTER TABLE invitation ADD COLUMN voided_at timestamptz;
CREATE INDEX invitation_member ON invitation (member_id) WHERE used_at IS NULL AND voided_at IS NULL;

CREATE TABLE password_reset (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  member_id            uuid NOT NULL REFERENCES member(id),
  code_hash            text NOT NULL UNIQUE,
  -- null: the member asked for it (POST /api/auth/password-reset); else the officer who issued it.
  created_by_member_id uuid REFERENCES member(id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  expires_at           timestamptz NOT NULL,
  used_at              timestamptz,
  -- a newer reset replaced it, or its member was deactivated
  voided_at            timestamptz
);
CREATE INDEX password_reset_member ON password_reset (member_id) WHERE used_at IS NULL AND voided_at IS NULL;
