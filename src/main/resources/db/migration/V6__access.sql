-- Invitation-only access (R12): invitations to set a password, per-member meeting join links,
-- revoked tokens, and whether the chair lets observers see case details.

CREATE TABLE invitation (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  member_id           uuid NOT NULL REFERENCES member(id),
  code_hash           text NOT NULL UNIQUE,
  created_by_member_id uuid NOT NULL REFERENCES member(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL,
  used_at             timestamptz
);

CREATE TABLE join_link (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id          uuid NOT NULL REFERENCES meeting(id),
  member_id           uuid NOT NULL REFERENCES member(id),
  created_by_member_id uuid NOT NULL REFERENCES member(id),
  created_at          timestamptz NOT NULL DEFAULT now(),
  expires_at          timestamptz NOT NULL,
  revoked_at          timestamptz
);
CREATE INDEX join_link_meeting ON join_link (meeting_id);

-- A token is refused once its id is here; rows can go once the token would have expired anyway.
CREATE TABLE revoked_token (
  jti         text PRIMARY KEY,
  member_id   uuid REFERENCES member(id),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz NOT NULL DEFAULT now()
);

-- Tokens issued before this instant are refused: deactivation, role changes, "sign out everywhere".
ALTER TABLE member ADD COLUMN tokens_valid_after timestamptz NOT NULL DEFAULT '-infinity';

ALTER TABLE meeting ADD COLUMN observers_see_cases boolean NOT NULL DEFAULT false;
