-- A member who signed in with a one-time password (the first officer's) must choose their own
-- before anything else; signing in with it yields a token good only for POST /api/auth/change-password.
ALTER TABLE member ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
