-- Two-factor sign-in (issue 18): a TOTP secret per member (RFC 6238), kept encrypted with a key
-- beside the token signing keys (dataDir/keys/two-factor.key, AES-GCM, the member's id bound in),
-- and ten one-time recovery codes, kept hashed.
CREATE TABLE member_two_factor (
  member_id    uuid PRIMARY KEY REFERENCES member(id),
  -- The encrypted secret: pending until the member confirms a code from it (enrolled_at set).
  secret       bytea NOT NULL,
  enrolled_at  timestamptz,
  -- The last time step (Unix seconds / 30) whose code was accepted: no code counts twice.
  last_step    bigint NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE member_recovery_code (
  member_id  uuid NOT NULL REFERENCES member(id),
  code_hash  text NOT NULL,
  used_at    timestamptz,
  PRIMARY KEY (member_id, code_hash)
);
