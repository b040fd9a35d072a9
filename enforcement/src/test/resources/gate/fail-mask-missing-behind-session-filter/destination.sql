-- The lake copy keeps the region filter but lost the SSN mask.
CREATE ROLE analyst;
CREATE SCHEMA lake;
CREATE TABLE lake.customers_raw (id integer, region text, ssn text);
CREATE VIEW lake.customers WITH (security_barrier) AS
  SELECT id, region, ssn
  FROM lake.customers_raw
  WHERE region = current_setting('app.region', true);
GRANT SELECT ON lake.customers TO analyst;
