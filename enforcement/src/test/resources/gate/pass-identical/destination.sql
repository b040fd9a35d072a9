-- The lake carries the same policies as the source, under its own database name.
CREATE ROLE analyst;
CREATE ROLE support;
CREATE ROLE auditor;
CREATE ROLE marketing;
CREATE TABLE lake.crm.customers (id number, name varchar, email varchar, ssn varchar, region varchar);
CREATE MASKING POLICY lake.crm.ssn_mask AS (val string) RETURNS string ->
  CASE WHEN CURRENT_ROLE() = 'SUPPORT' THEN val ELSE '***-**-' || RIGHT(val, 4) END;
CREATE MASKING POLICY lake.crm.email_mask AS (val string) RETURNS string -> SHA2(val);
CREATE ROW ACCESS POLICY lake.crm.region_policy AS (r varchar) RETURNS BOOLEAN ->
  CURRENT_ROLE() = 'AUDITOR' OR r = 'EU';
ALTER TABLE lake.crm.customers MODIFY COLUMN ssn SET MASKING POLICY lake.crm.ssn_mask;
ALTER TABLE lake.crm.customers MODIFY COLUMN email SET MASKING POLICY lake.crm.email_mask;
ALTER TABLE lake.crm.customers ADD ROW ACCESS POLICY lake.crm.region_policy ON (region);
GRANT SELECT ON TABLE lake.crm.customers TO ROLE analyst;
GRANT SELECT ON TABLE lake.crm.customers TO ROLE support;
GRANT SELECT ON TABLE lake.crm.customers TO ROLE auditor;
