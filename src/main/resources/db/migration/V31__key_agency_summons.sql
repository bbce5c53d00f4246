-- Issue 19 item 5: key-agency summons from the live room. One row per summoned member and agenda
-- item: what they were last told about when their item is expected to start, so an update goes only
-- when the expected start moves by more than 10 minutes from that, and at most one update per agency
-- every 10 minutes (updated_at). Times only: never anything written about the family (R12).
CREATE TABLE summons (
  meeting_id   uuid NOT NULL REFERENCES meeting(id),
  item_id      uuid NOT NULL,
  member_id    uuid NOT NULL REFERENCES member(id),
  agency_id    uuid NOT NULL REFERENCES agency(id),
  -- The expected start the member was last told (in the summons or the latest update).
  expected_at  timestamptz NOT NULL,
  summoned_at  timestamptz NOT NULL DEFAULT now(),
  -- How many updates went, and when the latest did.
  updates      integer NOT NULL DEFAULT 0,
  updated_at   timestamptz,
  -- When their item started (the "your item is starting" notice went).
  started_at   timestamptz,
  PRIMARY KEY (meeting_id, item_id, member_id)
);

CREATE INDEX summons_agency ON summons (meeting_id, agency_id, updated_at);
