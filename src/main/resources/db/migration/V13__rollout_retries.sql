-- Retries in the mass rollout (R13, R18; docs/rollout-control.md, "Retries"). A hub may be in several batches of
-- a release, one attempt each; these columns say which attempt a batch_hub row is and whether it is the latest.
--   attempt             the hub's attempt in this release and phase: 1 for the first batch that held it, 2 for the next
--   superseded          a later batch of the same release and phase holds the hub again: every view counts a hub by
--                       its latest attempt (superseded = FALSE)
--   retry_requested_at  DCC asked for another attempt after this one (how FAILED hubs go back into the pool, and
--                       SKIPPED or unreported hubs that have used up their automatic attempts)
ALTER TABLE batch_hub ADD COLUMN attempt INTEGER DEFAULT 1 NOT NULL;
ALTER TABLE batch_hub ADD COLUMN superseded BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE batch_hub ADD COLUMN retry_requested_at TIMESTAMP;

-- Before this version a hub could already be in more than one pilot batch of a release (a split hub in both of its
-- suppliers' pilots); only the latest of them counts.
UPDATE batch_hub SET superseded = TRUE
WHERE EXISTS (SELECT 1 FROM upgrade_batch b JOIN upgrade_batch nb ON nb.release_id = b.release_id AND nb.phase = b.phase
              JOIN batch_hub n ON n.batch_id = nb.id
              WHERE b.id = batch_hub.batch_id AND n.hub_id = batch_hub.hub_id AND nb.id > b.id AND nb.status <> 'CANCELLED');
