-- A registration refused as invalid is kept as a release REJECTED at stage REGISTRATION with its reason, so that every
-- actor sees it in the release list and its starter is told. What was submitted is kept as far as it is valid: the
-- variant if it exists, the type and digest if well-formed; the firmware version as refused_version, never as
-- firmware_version, so that a refused duplicate does not collide with the release it duplicates in
-- uq_firmware_release (variant, firmware version) and the version can still be registered later.
ALTER TABLE firmware_release ALTER COLUMN variant_id DROP NOT NULL;
ALTER TABLE firmware_release ALTER COLUMN firmware_version DROP NOT NULL;
ALTER TABLE firmware_release ALTER COLUMN release_type DROP NOT NULL;
ALTER TABLE firmware_release ALTER COLUMN image_sha256 DROP NOT NULL;
ALTER TABLE firmware_release ADD COLUMN refused_version VARCHAR(32);
ALTER TABLE firmware_release ADD CONSTRAINT ck_firmware_release_registered CHECK (
    (variant_id IS NOT NULL AND firmware_version IS NOT NULL AND release_type IS NOT NULL AND image_sha256 IS NOT NULL
     AND refused_version IS NULL)
    OR (firmware_version IS NULL AND status = 'REJECTED' AND closed_stage = 'REGISTRATION'));

-- A notification for one user (the starter of a refused registration) instead of a group.
ALTER TABLE notification ALTER COLUMN recipient_group DROP NOT NULL;
ALTER TABLE notification ADD COLUMN recipient_user VARCHAR(64);
ALTER TABLE notification ADD CONSTRAINT ck_notification_recipient CHECK (recipient_group IS NOT NULL OR recipient_user IS NOT NULL);
CREATE INDEX ix_notification_user ON notification (recipient_user, id);
