-- At the source everyone may read the EU rows of the product catalogue.
CREATE TABLE shop.products (id bigint, name text, region text);
ALTER TABLE shop.products ENABLE ROW LEVEL SECURITY;
CREATE POLICY eu_products ON shop.products FOR SELECT TO PUBLIC USING (region = 'EU');
GRANT SELECT ON shop.products TO PUBLIC;
