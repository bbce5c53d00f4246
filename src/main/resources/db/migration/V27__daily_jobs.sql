-- Issue 19 item 3: the daily scheduler (notify/DailyScheduler). One row per daily job: the last
-- London day it completed. A day's notices and the move of last_day commit in the same transaction,
-- so a day is either wholly done or not done at all: a crash mid-run leaves last_day where it was,
-- the day is run again, and the notices' dedupe keys (which carry the day or its cause's date) keep
-- anything from being sent twice. Only one node runs a job's day at a time: the transaction takes
-- an advisory lock on the job's name first.
CREATE TABLE daily_job (
  name         text PRIMARY KEY CHECK (name ~ '^[a-z0-9_]{1,60}$'),
  last_day     date NOT NULL,
  -- When that day was run, and how many notices it enqueued (for the officer and the logs).
  last_run_at  timestamptz NOT NULL DEFAULT now(),
  last_count   integer NOT NULL DEFAULT 0 CHECK (last_count >= 0)
);
