-- The source's row access policy holds SQL Passport's Snowflake reader does not understand.
CREATE ROLE analyst;
CREATE TABLE sales.crm.customers (id number, name varchar, region varchar);
CREATE ROW ACCESS POLICY sales.crm.region_policy AS (r varchar) RETURNS BOOLEAN ->
  r ~~~ 'EU';
ALTER TABLE sales.crm.customers ADD ROW ACCESS POLICY sales.crm.region_policy ON (region);
GRANT SELECT ON TABLE sales.crm.customers TO ROLE analyst;
