-- The estate counts' recount and their compaction take this row first (EstateCounts), so that they never run at the same
-- time on any node: a recount whose DELETE ran while a compaction was collapsing rows left the compaction's sums beside
-- its own fresh counts, and every figure came out twice.
INSERT INTO cluster_lock (name) VALUES ('estate-counts');
