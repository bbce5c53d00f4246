-- The family page (issue 20) reads a family's cases on every panel: by reference alone.
CREATE INDEX family_case_ref ON family_case (family_ref);
