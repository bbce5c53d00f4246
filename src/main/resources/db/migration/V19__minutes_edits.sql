-- Minutes the officer edits (issue 17, item 5): per agenda item, the summary and the decisions
-- (what was agreed, who is doing what) the officer or chair wrote, kept apart from the log so that a
-- new draft built from the log later keeps them. A minutes version copies them into its content when
-- it is drafted; the version itself still never changes (V5).
CREATE TABLE minutes_edit (
  meeting_id            uuid NOT NULL REFERENCES meeting(id),
  item_id               uuid NOT NULL,
  summary               text CHECK (summary IS NULL OR length(summary) BETWEEN 1 AND 4000),
  decisions             text CHECK (decisions IS NULL OR length(decisions) BETWEEN 1 AND 4000),
  updated_by_member_id  uuid NOT NULL REFERENCES member(id),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (meeting_id, item_id)
);

-- Approved minutes the chair published to the panel: its partners and presenters read them in the
-- app. One row per meeting; publishing a later approved version (a correction) replaces it.
CREATE TABLE minutes_publication (
  meeting_id              uuid PRIMARY KEY REFERENCES meeting(id),
  version                 integer NOT NULL,
  published_by_member_id  uuid NOT NULL REFERENCES member(id),
  published_at            timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (meeting_id, version) REFERENCES minutes_version (meeting_id, version)
);
