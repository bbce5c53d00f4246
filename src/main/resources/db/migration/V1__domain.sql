-- The whole A&I domain (DOMAIN.md R1-R13). Later features add behaviour, not tables.
-- Identifiers are UUIDs made by the database so that nodes never coordinate on ids.

-- Districts pair into double districts; each double district runs one monthly panel (R1, R2).
CREATE TABLE double_district (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code      text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{2,8}$'),
  name      text NOT NULL
);

CREATE TABLE district (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  double_district_id uuid NOT NULL REFERENCES double_district(id),
  name               text NOT NULL,
  UNIQUE (double_district_id, name)
);

-- County-wide agencies are expected at every panel; others attend when a case needs them.
CREATE TABLE agency (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL UNIQUE,
  attendance  text NOT NULL DEFAULT 'county_wide' CHECK (attendance IN ('county_wide', 'when_relevant'))
);

CREATE TABLE member (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  full_name      text NOT NULL,
  email          text NOT NULL,
  agency_id      uuid REFERENCES agency(id),
  roles          text[] NOT NULL CHECK (roles <@ ARRAY['officer','chair','presenter','partner','observer']::text[]
                                        AND cardinality(roles) > 0),
  password_hash  text,
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX member_email ON member (lower(email));

-- One standing panel per double district; membership is by invitation only (R12).
CREATE TABLE panel (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  double_district_id uuid NOT NULL UNIQUE REFERENCES double_district(id),
  name               text NOT NULL,
  chair_member_id    uuid REFERENCES member(id),
  officer_member_id  uuid REFERENCES member(id)
);

CREATE TABLE panel_member (
  panel_id   uuid NOT NULL REFERENCES panel(id),
  member_id  uuid NOT NULL REFERENCES member(id),
  joined_at  timestamptz NOT NULL DEFAULT now(),
  left_at    timestamptz,
  PRIMARY KEY (panel_id, member_id)
);

CREATE TABLE meeting (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  panel_id           uuid NOT NULL REFERENCES panel(id),
  meeting_date       date NOT NULL,
  starts_at          time NOT NULL DEFAULT '09:30',
  ends_at            time NOT NULL DEFAULT '12:30',
  location           text NOT NULL DEFAULT '',
  first_district_id  uuid NOT NULL REFERENCES district(id),
  status             text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'live', 'closed')),
  -- The case timer is server state (architecture: clients derive the countdown from it).
  timer_item_id      uuid,
  timer_running      boolean NOT NULL DEFAULT false,
  timer_started_at   timestamptz,
  timer_used_ms      bigint NOT NULL DEFAULT 0 CHECK (timer_used_ms >= 0),
  last_seq           bigint NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (panel_id, meeting_date),
  CHECK (ends_at > starts_at)
);

-- Cases: pseudonymous family reference only; no names are needed (R5, R6, R9, R12).
CREATE TABLE family_case (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  family_ref              text NOT NULL CHECK (length(family_ref) BETWEEN 1 AND 40),
  panel_id                uuid NOT NULL REFERENCES panel(id),
  district_id             uuid NOT NULL REFERENCES district(id),
  meeting_id              uuid REFERENCES meeting(id),
  presenter_member_id     uuid NOT NULL REFERENCES member(id),
  ffa_open                boolean NOT NULL,
  consent_to_share        boolean NOT NULL DEFAULT false,
  consent_recorded_at     timestamptz,
  reason_for_bringing     text NOT NULL DEFAULT '',
  summary_of_concerns     text NOT NULL DEFAULT '',
  presenting_needs        text[] NOT NULL DEFAULT '{}',
  voice_of_child          text NOT NULL DEFAULT '',
  review_date             date,
  outcome                 text CHECK (outcome IN ('none', 'assessment', 'ifst', 'tys', 'other')),
  status                  text NOT NULL DEFAULT 'draft'
                          CHECK (status IN ('draft', 'submitted', 'late', 'accepted', 'declined', 'discussed', 'closed')),
  version                 integer NOT NULL DEFAULT 1,
  submitted_at            timestamptz,
  accepted_by_member_id   uuid REFERENCES member(id),
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX family_case_meeting ON family_case (meeting_id);
CREATE INDEX family_case_family ON family_case (panel_id, family_ref);

-- R1: first district's cases, then AOB and partner updates, then the second district's cases.
CREATE TABLE agenda_item (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id         uuid NOT NULL REFERENCES meeting(id),
  position           integer NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('case', 'aob', 'other')),
  section            text NOT NULL CHECK (section IN ('first_district', 'aob', 'second_district', 'other')),
  district_id        uuid REFERENCES district(id),
  case_id            uuid REFERENCES family_case(id),
  title              text NOT NULL,
  allotted_seconds   integer NOT NULL CHECK (allotted_seconds BETWEEN 0 AND 86400),
  used_seconds       integer NOT NULL DEFAULT 0 CHECK (used_seconds >= 0),
  started_at         timestamptz,
  done               boolean NOT NULL DEFAULT false,
  CHECK ((kind = 'case') = (case_id IS NOT NULL)),
  -- Deferred: a reorder renumbers many items in one transaction.
  UNIQUE (meeting_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX agenda_item_meeting ON agenda_item (meeting_id, position);
ALTER TABLE meeting ADD CONSTRAINT meeting_timer_item FOREIGN KEY (timer_item_id) REFERENCES agenda_item(id);

-- Attendance values from DOMAIN.md; a remote join records 'remote' with no one ticking a box.
CREATE TABLE attendance (
  meeting_id              uuid NOT NULL REFERENCES meeting(id),
  member_id               uuid NOT NULL REFERENCES member(id),
  status                  text NOT NULL CHECK (status IN ('in_room', 'remote', 'substitute',
                                                          'apologies_with_update', 'apologies', 'absent')),
  substitute_for_member_id uuid REFERENCES member(id),
  written_update          text,
  marked_by_member_id     uuid REFERENCES member(id),
  marked_at               timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (meeting_id, member_id),
  CHECK ((status = 'substitute') = (substitute_for_member_id IS NOT NULL)),
  CHECK (status <> 'apologies_with_update' OR coalesce(length(written_update), 0) > 0)
);

CREATE TABLE contribution (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id         uuid NOT NULL REFERENCES meeting(id),
  agenda_item_id     uuid REFERENCES agenda_item(id),
  case_id            uuid REFERENCES family_case(id),
  author_member_id   uuid NOT NULL REFERENCES member(id),
  agency_id          uuid REFERENCES agency(id),
  body               text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  status             text NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'withdrawn', 'hidden')),
  created_at         timestamptz NOT NULL DEFAULT now(),
  edited_at          timestamptz
);
CREATE INDEX contribution_meeting ON contribution (meeting_id);

-- SMART actions (R7) followed up across meetings until all partners agree (R8).
CREATE TABLE action (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number               bigserial UNIQUE,
  case_id              uuid REFERENCES family_case(id),
  meeting_id           uuid NOT NULL REFERENCES meeting(id),
  description          text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
  owner_agency_id      uuid NOT NULL REFERENCES agency(id),
  owner_member_id      uuid REFERENCES member(id),
  due_date             date NOT NULL,
  late_due_reason      text,
  success_measure      text NOT NULL CHECK (length(success_measure) BETWEEN 1 AND 4000),
  status               text NOT NULL DEFAULT 'proposed'
                       CHECK (status IN ('proposed', 'returned', 'open', 'in_progress', 'done_awaiting_agreement',
                                         'closed', 'dropped')),
  drop_reason          text,
  proposed_by_member_id uuid NOT NULL REFERENCES member(id),
  confirmed_by_member_id uuid REFERENCES member(id),
  confirmed_at         timestamptz,
  closed_at            timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'dropped' OR coalesce(length(drop_reason), 0) > 0)
);
CREATE INDEX action_case ON action (case_id);
CREATE INDEX action_meeting ON action (meeting_id);

CREATE TABLE action_update (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id         uuid NOT NULL REFERENCES action(id),
  author_member_id  uuid NOT NULL REFERENCES member(id),
  body              text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  status_after      text,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX action_update_action ON action_update (action_id, created_at);

-- Every change to a meeting, numbered per meeting, written before it is broadcast.
-- The audit trail and the source of the minutes. Rows are never updated or deleted.
CREATE TABLE meeting_event (
  meeting_id       uuid NOT NULL REFERENCES meeting(id),
  seq              bigint NOT NULL CHECK (seq > 0),
  type             text NOT NULL,
  actor_member_id  uuid REFERENCES member(id),
  payload          jsonb NOT NULL DEFAULT '{}',
  idempotency_key  text,
  at               timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (meeting_id, seq)
);
CREATE UNIQUE INDEX meeting_event_idempotency ON meeting_event (meeting_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

CREATE FUNCTION meeting_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'meeting_event is append-only';
END $$;
CREATE TRIGGER meeting_event_append_only BEFORE UPDATE OR DELETE ON meeting_event
  FOR EACH ROW EXECUTE FUNCTION meeting_event_is_append_only();

-- Who did what outside a meeting's own log: sign-ins, case views, exports, membership (R12).
CREATE TABLE audit_entry (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  member_id   uuid REFERENCES member(id),
  action      text NOT NULL,
  subject     text,
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_entry_at ON audit_entry (at);
