-- The estate: suppliers, CH variants, configuration sets, comms hubs and their HAN devices.
-- Designed for tens of millions of comms hubs: narrow rows, surrogate bigint keys, indexes that
-- serve the set-based queries (by variant and firmware, by responsible supplier, by region).

CREATE TABLE supplier (
    code        VARCHAR(32)  PRIMARY KEY,
    name        VARCHAR(120) NOT NULL
);

CREATE TABLE ch_variant (
    id               BIGINT       PRIMARY KEY,
    manufacturer     VARCHAR(80)  NOT NULL,
    model            VARCHAR(80)  NOT NULL,
    hardware_version VARCHAR(32)  NOT NULL,
    maturity         VARCHAR(16)  NOT NULL,
    CONSTRAINT ck_ch_variant_maturity CHECK (maturity IN ('NEW', 'ESTABLISHED', 'MATURE')),
    CONSTRAINT uq_ch_variant UNIQUE (manufacturer, model, hardware_version)
);

CREATE TABLE configuration_set (
    id          BIGINT       PRIMARY KEY,
    code        VARCHAR(32)  NOT NULL UNIQUE,
    description VARCHAR(200) NOT NULL
);

CREATE TABLE comms_hub (
    id                   BIGINT      PRIMARY KEY,
    guid                 VARCHAR(23) NOT NULL,
    variant_id           BIGINT      NOT NULL REFERENCES ch_variant (id),
    firmware_version     VARCHAR(32) NOT NULL,
    csp_region           VARCHAR(16) NOT NULL,
    electricity_supplier VARCHAR(32) REFERENCES supplier (code),
    gas_supplier         VARCHAR(32) REFERENCES supplier (code),
    install_date         DATE        NOT NULL,
    vulnerable           BOOLEAN     NOT NULL,
    configuration_set_id BIGINT      NOT NULL REFERENCES configuration_set (id),
    CONSTRAINT uq_comms_hub_guid UNIQUE (guid),
    CONSTRAINT ck_comms_hub_region CHECK (csp_region IN ('NORTH', 'CENTRAL_SOUTH')),
    CONSTRAINT ck_comms_hub_supplied CHECK (electricity_supplier IS NOT NULL OR gas_supplier IS NOT NULL)
);
CREATE INDEX ix_comms_hub_variant_firmware ON comms_hub (variant_id, firmware_version);
CREATE INDEX ix_comms_hub_electricity ON comms_hub (electricity_supplier, variant_id);
CREATE INDEX ix_comms_hub_gas ON comms_hub (gas_supplier, variant_id);

CREATE TABLE han_device (
    hub_id           BIGINT      NOT NULL REFERENCES comms_hub (id),
    device_type      VARCHAR(8)  NOT NULL,
    model            VARCHAR(80) NOT NULL,
    firmware_version VARCHAR(32) NOT NULL,
    CONSTRAINT pk_han_device PRIMARY KEY (hub_id, device_type),
    CONSTRAINT ck_han_device_type CHECK (device_type IN ('ESME', 'GSME', 'IHD', 'PPMID'))
);
