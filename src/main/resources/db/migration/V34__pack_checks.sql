-- Issue 20 item 2: partners' checks before the meeting. Per case of the pack, each partner agency
-- says what it holds: 'known' to it (with a short update, which is case narrative: retention stubs
-- it like the rest), 'not_known', or that it will attend for this case. One answer per agency and
-- case; the latest one counts, and each change is kept (who, when, what) for the record.
CREATE TABLE pack_check (
  case_id      uuid NOT NULL REFERENCES family_case(id),
  agency_id    uuid NOT NULL REFERENCES agency(id),
  answer       text NOT NULL CHECK (answer IN ('known', 'not_known', 'attending')),
  update_text  text CHECK (length(update_text) <= 1000),
  answered_by  uuid NOT NULL REFERENCES member(id),
  answered_at  timestamptz NOT NULL DEFAULT now(),
  version      integer NOT NULL DEFAULT 1,
  PRIMARY KEY (case_id, agency_id),
  CHECK (answer <> 'known' OR coalesce(length(update_text), 0) > 0)
);

CREATE TABLE pack_check_change (
  id           bigserial PRIMARY KEY,
  case_id      uuid NOT NULL REFERENCES family_case(id),
  agency_id    uuid NOT NULL REFERENCES agency(id),
  answer       text NOT NULL,
  update_text  text,
  answered_by  uuid NOT NULL REFERENCES member(id),
  answered_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX pack_check_change_case ON pack_check_change (case_id, agency_id, id);
