-- Issue 13, item 4: the import stages each line's HAN set signature (ConfigurationSets.signature, computed as the line is
-- read), so that naming the HAN sets and joining han_set are a DISTINCT over a column and a hash join on it, instead of
-- building the string from eight columns twice for every line in SQL.
ALTER TABLE estate_import_staging ADD COLUMN han_signature VARCHAR(600);
