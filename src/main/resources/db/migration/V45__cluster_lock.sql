-- Named locks shared by every node on the database (docs/operations.md). A task that must run once however many nodes
-- start together takes its row with SELECT ... FOR UPDATE in its own transaction and does its work in that
-- transaction: a second node waits for the first to commit, then sees what it did. The rows are made here, never by a
-- node (check-then-insert is what broke two nodes starting at once).
CREATE TABLE cluster_lock (
    name      VARCHAR(64)  PRIMARY KEY,
    held_by   VARCHAR(200),
    held_at   TIMESTAMP
);
INSERT INTO cluster_lock (name) VALUES ('startup');
