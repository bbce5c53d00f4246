-- Issue 20 item 5: a panel's meetings made as a series (the first Wednesday of every month, say, at
-- one time and place). The series keeps its rule so the officer can see how its meetings were made;
-- each meeting is still its own row (moved or cancelled one by one), pointing at its series.
CREATE TABLE meeting_series (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  panel_id      uuid NOT NULL REFERENCES panel (id),
  -- The week of the month: 1 to 4, or -1 for the last.
  week          smallint NOT NULL CHECK (week IN (1, 2, 3, 4, -1)),
  -- ISO day of the week, Monday (1) to Friday (5): panels meet on working days.
  weekday       smallint NOT NULL CHECK (weekday BETWEEN 1 AND 5),
  starts_at     time NOT NULL,
  ends_at       time NOT NULL,
  location      text NOT NULL DEFAULT '',
  from_date     date NOT NULL,
  -- Either how many meetings or the last date they may fall on.
  meeting_count smallint CHECK (meeting_count BETWEEN 1 AND 12),
  until_date    date,
  created_by    uuid NOT NULL REFERENCES member (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK ((meeting_count IS NULL) <> (until_date IS NULL)),
  CHECK (until_date IS NULL OR until_date >= from_date)
);
CREATE INDEX meeting_series_panel ON meeting_series (panel_id, created_at);

ALTER TABLE meeting ADD COLUMN series_id uuid REFERENCES meeting_series (id);
CREATE INDEX meeting_series_id ON meeting (series_id) WHERE series_id IS NOT NULL;
