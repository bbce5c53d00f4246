-- Issue 19 item 6: one-time progress links. The weekly digest of due-soon and overdue actions gives
-- each action's owner a link to post progress on that one action without signing in. The code is
-- stored only as its SHA-256 (as invitations, join links and password resets are). A link works once,
-- for 7 days, for its action and its owner only; it is withdrawn when used, when a newer digest
-- replaces it, when the action closes or is dropped (in the live room or between meetings) and when
-- the action gets another owner. The service also checks at use that the action is still open.
CREATE TABLE progress_link (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action_id      uuid NOT NULL REFERENCES action(id),
  member_id      uuid NOT NULL REFERENCES member(id),
  code_hash      text NOT NULL UNIQUE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  withdrawn_at   timestamptz,
  withdrawn_why  text CHECK (withdrawn_why IN ('replaced', 'action_closed', 'owner_changed')),
  CHECK ((withdrawn_at IS NULL) = (withdrawn_why IS NULL))
);
CREATE INDEX progress_link_live ON progress_link (action_id, member_id) WHERE used_at IS NULL AND withdrawn_at IS NULL;

-- The room writes its actions with an upsert (RoomSql.UPSERT_ACTION) and the REST routes with plain
-- updates: a trigger catches both, so no path that closes an action can forget its links.
CREATE FUNCTION progress_link_withdraw() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE progress_link
  SET withdrawn_at = now(),
      withdrawn_why = CASE WHEN NEW.status IN ('open', 'in_progress', 'done_awaiting_agreement')
                           THEN 'owner_changed' ELSE 'action_closed' END
  WHERE action_id = NEW.id AND used_at IS NULL AND withdrawn_at IS NULL;
  RETURN NEW;
END $$;

CREATE TRIGGER action_withdraws_progress_links AFTER UPDATE OF status, owner_member_id ON action
  FOR EACH ROW
  WHEN (NEW.status NOT IN ('open', 'in_progress', 'done_awaiting_agreement')
        OR NEW.owner_member_id IS DISTINCT FROM OLD.owner_member_id)
  EXECUTE FUNCTION progress_link_withdraw();
