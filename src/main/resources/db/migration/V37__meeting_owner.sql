-- Who owns each live meeting, and since when (issue 21). A node that takes a meeting's shared-data
-- lock raises its epoch before it loads the meeting; every commit of the meeting's events checks, in
-- its own transaction, that the epoch is still the one its room was loaded with. A deposed owner (its
-- node was thought dead, or cut off by a network split) therefore never commits: its lock may still
-- look held to it, but its epoch is gone. The row lock the check takes (FOR SHARE) makes the next
-- owner's raise wait for a commit under way, so the next owner loads everything that landed.
CREATE TABLE meeting_owner (
  meeting_id uuid PRIMARY KEY REFERENCES meeting (id) ON DELETE CASCADE,
  epoch bigint NOT NULL CHECK (epoch > 0),
  node text NOT NULL CHECK (length(node) BETWEEN 1 AND 200),
  since timestamptz NOT NULL DEFAULT now()
);

-- The nodes of a clustered deployment that use this database, each under its cluster name, seen
-- every few seconds while it runs (cluster/ClusterRegistry): a node started with another cluster
-- name while nodes of this one are alive refuses to start (it would form a cluster of its own and
-- fight the others for every meeting).
CREATE TABLE cluster_node (
  node text PRIMARY KEY CHECK (length(node) BETWEEN 1 AND 200),
  cluster_name text NOT NULL CHECK (length(cluster_name) BETWEEN 1 AND 64),
  seen_at timestamptz NOT NULL DEFAULT now()
);
