-- Issue 13, item 1: a whole-estate approval is one row, its decision (supplier_decision, method WHOLE_ESTATE), not a
-- hub_approval row per hub. It approves every hub of its supplier on the release's variant (approval/ApprovalService,
-- estate/ledger/HubReleaseStatus); hub_approval keeps the decisions that are per hub (GUID lists, pilot choices, the
-- split match), and the whole-estate rows written before this migration, which still count as they did.

-- The decision's disclosure to each supplier it shares split hubs with (approval/SplitSupplierJoin): pending while
-- disclosure_id is NULL, as hub_approval.pending_for is for a per-hub approval. One row per counterpart, never per hub.
CREATE TABLE decision_disclosure (
    decision_id   BIGINT      NOT NULL REFERENCES supplier_decision (id),
    recipient     VARCHAR(32) NOT NULL REFERENCES supplier (code),
    release_id    BIGINT      NOT NULL,
    supplier_code VARCHAR(32) NOT NULL,
    disclosure_id BIGINT,
    PRIMARY KEY (decision_id, recipient)
);
CREATE INDEX ix_decision_disclosure_recipient ON decision_disclosure (release_id, recipient);

CREATE INDEX ix_supplier_decision_method ON supplier_decision (release_id, method, supplier_code);
