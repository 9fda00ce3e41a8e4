-- Issue 13, item 4: a hub's HAN devices are stored once per HAN set, not once per hub. A hub's HAN set (han_set, V55)
-- already names its devices' models and firmware versions, so han_device's rows said again, per hub, what its
-- han_set_id says; the estate's import wrote about three of them for every hub (the largest of its writes after the
-- hubs themselves, docs/benchmarks.md). Now the devices of each set are rows of han_set_device, a table of a few hundred
-- rows whatever the estate's size, a hub is one row, and han_device is a view with the columns and rows it had: every
-- reader of it keeps its meaning, and the product's own queries ask han_set_device by the hub's han_set_id directly
-- (estate/configsets/ConfigurationSets.java).
--
-- For a set's devices to follow from its signature, the signature must be unambiguous: '[ESME A B C]' was both model
-- 'A B' with firmware 'C' and model 'A' with firmware 'B C'. From now on a backslash, '[' and ']' in a model or a
-- firmware version, and a space in a firmware version, are written with a backslash before them
-- (ConfigurationSets.signature); a value without them is written as before, so the signature and the configuration
-- set's key (DPL-…) of every ordinary set stay as they are. Hubs whose devices have such characters are named again
-- here, from han_device, before it goes (the statements of V55 with the escaping), so that no two kinds of HAN share
-- a set.

CREATE TABLE han_set_device (
    han_set_id       BIGINT      NOT NULL REFERENCES han_set (id),
    device_type      VARCHAR(8)  NOT NULL,
    model            VARCHAR(80) NOT NULL,
    firmware_version VARCHAR(32) NOT NULL,
    CONSTRAINT pk_han_set_device PRIMARY KEY (han_set_id, device_type),
    CONSTRAINT ck_han_set_device_type CHECK (device_type IN ('ESME', 'GSME', 'IHD', 'PPMID'))
);

-- Each hub's signature from its devices, as ConfigurationSets.signature writes it, once.
CREATE TABLE han_hub_signature AS
SELECT h.id AS hub_id, h.han_set_id,
       CASE WHEN e.model IS NULL THEN '' ELSE '[ESME '
           || REPLACE(REPLACE(REPLACE(e.model, '\', '\\'), '[', '\['), ']', '\]') || ' '
           || REPLACE(REPLACE(REPLACE(REPLACE(e.firmware_version, '\', '\\'), '[', '\['), ']', '\]'), ' ', '\ ') || ']' END
    || CASE WHEN g.model IS NULL THEN '' ELSE '[GSME '
           || REPLACE(REPLACE(REPLACE(g.model, '\', '\\'), '[', '\['), ']', '\]') || ' '
           || REPLACE(REPLACE(REPLACE(REPLACE(g.firmware_version, '\', '\\'), '[', '\['), ']', '\]'), ' ', '\ ') || ']' END
    || CASE WHEN i.model IS NULL THEN '' ELSE '[IHD '
           || REPLACE(REPLACE(REPLACE(i.model, '\', '\\'), '[', '\['), ']', '\]') || ' '
           || REPLACE(REPLACE(REPLACE(REPLACE(i.firmware_version, '\', '\\'), '[', '\['), ']', '\]'), ' ', '\ ') || ']' END
    || CASE WHEN p.model IS NULL THEN '' ELSE '[PPMID '
           || REPLACE(REPLACE(REPLACE(p.model, '\', '\\'), '[', '\['), ']', '\]') || ' '
           || REPLACE(REPLACE(REPLACE(REPLACE(p.firmware_version, '\', '\\'), '[', '\['), ']', '\]'), ' ', '\ ') || ']' END
           AS signature
FROM comms_hub h
LEFT JOIN han_device e ON e.hub_id = h.id AND e.device_type = 'ESME'
LEFT JOIN han_device g ON g.hub_id = h.id AND g.device_type = 'GSME'
LEFT JOIN han_device i ON i.hub_id = h.id AND i.device_type = 'IHD'
LEFT JOIN han_device p ON p.hub_id = h.id AND p.device_type = 'PPMID';

INSERT INTO han_set (signature)
SELECT DISTINCT x.signature FROM han_hub_signature x
WHERE NOT EXISTS (SELECT 1 FROM han_set y WHERE y.signature = x.signature);

MERGE INTO comms_hub c
USING (SELECT x.hub_id, s.id AS han_set_id FROM han_hub_signature x JOIN han_set s ON s.signature = x.signature
       WHERE x.han_set_id IS NULL OR x.han_set_id <> s.id) x
ON c.id = x.hub_id
WHEN MATCHED THEN UPDATE SET han_set_id = x.han_set_id;

DROP TABLE han_hub_signature;

-- Each set's devices, from the hubs that have it (one hub's rows are the set's, now that a signature is one kind of HAN).
INSERT INTO han_set_device (han_set_id, device_type, model, firmware_version)
SELECT DISTINCT h.han_set_id, d.device_type, d.model, d.firmware_version
FROM han_device d JOIN comms_hub h ON h.id = d.hub_id;

DROP TABLE han_device;

-- The hubs' devices, as the table had them. A hub without a named set (han_set_id NULL: none is, every write names one)
-- would have none.
CREATE VIEW han_device AS
SELECT h.id AS hub_id, d.device_type, d.model, d.firmware_version
FROM comms_hub h JOIN han_set_device d ON d.han_set_id = h.han_set_id;
