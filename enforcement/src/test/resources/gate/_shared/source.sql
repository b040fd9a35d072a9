-- The source warehouse (Snowflake) that most gate scenarios move data out of.
--   ANALYST   EU rows; SSN shows its last 4 digits; e-mail hashed
--   SUPPORT   EU rows; SSN in clear; e-mail hashed
--   AUDITOR   every row; SSN last 4; e-mail hashed
--   MARKETING declared, granted nothing: may not read
--   anyone else: may not read
CREATE ROLE analyst;
CREATE ROLE support;
CREATE ROLE auditor;
CREATE ROLE marketing;
CREATE TABLE sales.crm.customers (id number, name varchar, email varchar, ssn varchar, region varchar);
CREATE MASKING POLICY sales.crm.ssn_mask AS (val string) RETURNS string ->
  CASE WHEN CURRENT_ROLE() = 'SUPPORT' THEN val ELSE '***-**-' || RIGHT(val, 4) END;
CREATE MASKING POLICY sales.crm.email_mask AS (val string) RETURNS string -> SHA2(val);
CREATE ROW ACCESS POLICY sales.crm.region_policy AS (r varchar) RETURNS BOOLEAN ->
  CURRENT_ROLE() = 'AUDITOR' OR r = 'EU';
ALTER TABLE sales.crm.customers MODIFY COLUMN ssn SET MASKING POLICY sales.crm.ssn_mask;
ALTER TABLE sales.crm.customers MODIFY COLUMN email SET MASKING POLICY sales.crm.email_mask;
ALTER TABLE sales.crm.customers ADD ROW ACCESS POLICY sales.crm.region_policy ON (region);
GRANT SELECT ON TABLE sales.crm.customers TO ROLE analyst;
GRANT SELECT ON TABLE sales.crm.customers TO ROLE support;
GRANT SELECT ON TABLE sales.crm.customers TO ROLE auditor;
