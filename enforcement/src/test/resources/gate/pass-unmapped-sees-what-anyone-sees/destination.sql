-- The lake has a reader role of its own (mapped from nobody) that sees the EU rows only:
-- no more than anyone saw at the source.
CREATE ROLE lake_reader;
CREATE TABLE shop.products (id bigint, name text, region text);
ALTER TABLE shop.products ENABLE ROW LEVEL SECURITY;
CREATE POLICY eu_products ON shop.products FOR SELECT TO lake_reader USING (region = 'EU');
GRANT SELECT ON shop.products TO lake_reader;
