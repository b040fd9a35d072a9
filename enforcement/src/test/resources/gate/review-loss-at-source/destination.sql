-- A plain regional filter: it may or may not match what the source meant.
CREATE ROLE analyst;
CREATE TABLE lake.crm.customers (id number, name varchar, region varchar);
CREATE ROW ACCESS POLICY lake.crm.region_policy AS (r varchar) RETURNS BOOLEAN -> r = 'EU';
ALTER TABLE lake.crm.customers ADD ROW ACCESS POLICY lake.crm.region_policy ON (region);
GRANT SELECT ON TABLE lake.crm.customers TO ROLE analyst;
