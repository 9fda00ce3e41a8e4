-- Reference data maintained by DCC and released with the product: suppliers (DCC Customers),
-- CH variants and DPL configuration sets. The estate import refers to these by code.

INSERT INTO supplier (code, name) VALUES
    ('aurora',    'Aurora Energy'),
    ('brightwatt','Brightwatt Power'),
    ('celtic',    'Celtic Gas & Power'),
    ('dynamo',    'Dynamo Energy'),
    ('evergreen', 'Evergreen Utilities'),
    ('fenland',   'Fenland Energy'),
    ('gleam',     'Gleam Home Energy'),
    ('harbour',   'Harbour Power');

INSERT INTO ch_variant (id, manufacturer, model, hardware_version, maturity) VALUES
    (1, 'Northwind Systems', 'NW-CH100', '1.0', 'ESTABLISHED'),
    (2, 'Northwind Systems', 'NW-CH200', '2.0', 'NEW'),
    (3, 'Meridian Devices',  'MD-CH3',   '2.1', 'MATURE'),
    (4, 'Meridian Devices',  'MD-CH3',   '3.0', 'NEW'),
    (5, 'Solent Technology', 'ST-HUB',   '1.2', 'ESTABLISHED');

INSERT INTO configuration_set (id, code, description) VALUES
    (1, 'CS-01', 'Dual fuel: Lumen E2 ESME, Quill G1 GSME, Beacon IHD'),
    (2, 'CS-02', 'Dual fuel: Lumen E3 ESME, Quill G2 GSME, Beacon IHD'),
    (3, 'CS-03', 'Electricity only: Lumen E2 ESME, Beacon IHD'),
    (4, 'CS-04', 'Electricity only: Voltix V7 ESME, Orbit IHD'),
    (5, 'CS-05', 'Prepayment dual fuel: Voltix V7 ESME, Quill G2 GSME, Orbit IHD, Keypad PPMID'),
    (6, 'CS-06', 'Gas only: Quill G2 GSME, Orbit IHD');
