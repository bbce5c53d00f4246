-- Issue 18: a council sets itself up in the app (org.ailive.admin). Writes to an existing thing
-- carry its version, so two officers editing the same row get a conflict, not a silent overwrite.

-- The one council this copy of the service serves: its name, and when the officer finished set-up.
-- key_agencies_version is the version of the whole key-agency table (need_key_agency), edited as one.
CREATE TABLE council (
  id                    boolean PRIMARY KEY DEFAULT true CHECK (id),
  name                  text CHECK (name IS NULL OR length(name) BETWEEN 1 AND 120),
  version               integer NOT NULL DEFAULT 1,
  key_agencies_version  integer NOT NULL DEFAULT 1,
  setup_completed_at    timestamptz
);
-- A database set up before this version (panels and agencies made by SQL) counts as set up.
INSERT INTO council (setup_completed_at)
SELECT CASE WHEN EXISTS (SELECT 1 FROM panel) AND EXISTS (SELECT 1 FROM agency) THEN now() END;

-- R2: which district goes first at the panel's first meeting; meetings alternate after it.
ALTER TABLE panel ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE panel ADD COLUMN first_district_id uuid REFERENCES district(id);
UPDATE panel p SET first_district_id = (SELECT d.id FROM district d
  WHERE d.double_district_id = p.double_district_id ORDER BY d.name LIMIT 1);

-- An agency in use is never deleted: it is retired (not offered for new members or actions) and
-- keeps its name wherever its history shows it. Names are unique whatever their case.
ALTER TABLE agency ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE agency ADD COLUMN retired_at timestamptz;
CREATE UNIQUE INDEX agency_name_any_case ON agency (lower(name));
