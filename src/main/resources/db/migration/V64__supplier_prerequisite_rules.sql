-- A fourth kind of a supplier's standing rules (issue 11, item 4; R28 "only after required steps", generalising DCC's
-- HAN prerequisite of R23; docs/rules.md): PREREQUISITE, action WAIT. The supplier's own hubs (either fuel), within the
-- rule's scope (variant, CSP region, configuration set), wait in every publication while their HAN device of
-- prerequisite_device (ESME, GSME, IHD, PPMID), optionally of prerequisite_model only, runs firmware below
-- prerequisite_version; compiled where publications draw to the same condition as DCC's prerequisite (over han_device
-- and firmware_version_key), never stored per hub.
ALTER TABLE supplier_rule ADD COLUMN prerequisite_device VARCHAR(8);
ALTER TABLE supplier_rule ADD COLUMN prerequisite_model VARCHAR(80);
ALTER TABLE supplier_rule ADD COLUMN prerequisite_version VARCHAR(32);
ALTER TABLE supplier_rule DROP CONSTRAINT ck_supplier_rule_kind;
ALTER TABLE supplier_rule ADD CONSTRAINT ck_supplier_rule_kind
    CHECK (kind IN ('STANCE', 'NEW_INSTALLS', 'EVENT', 'PREREQUISITE'));
ALTER TABLE supplier_rule ADD CONSTRAINT ck_supplier_rule_prerequisite
    CHECK ((kind = 'PREREQUISITE') = (prerequisite_device IS NOT NULL AND prerequisite_version IS NOT NULL)
           AND (prerequisite_device IS NULL OR prerequisite_device IN ('ESME', 'GSME', 'IHD', 'PPMID'))
           AND (prerequisite_model IS NULL OR prerequisite_device IS NOT NULL));
