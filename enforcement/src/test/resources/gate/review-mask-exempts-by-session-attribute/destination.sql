-- The lake copy keeps every mask, but its SSN mask shows the value in clear to sessions of one
-- account, which the source never did. Nobody knows the accounts of the sessions at gate time.
CREATE ROLE analyst;
CREATE ROLE support;
CREATE ROLE auditor;
CREATE ROLE marketing;
CREATE TABLE lake.crm.customers (id number, name varchar, email varchar, ssn varchar, region varchar);
CREATE MASKING POLICY lake.crm.ssn_mask AS (val string) RETURNS string ->
  CASE WHEN CURRENT_ROLE() = 'SUPPORT' THEN val
       WHEN CURRENT_ACCOUNT() = 'PARTNER_ACCOUNT' THEN val
       ELSE '***-**-' || RIGHT(val, 4) END;
CREATE MASKING POLICY lake.crm.email_mask AS (val string) RETURNS string -> SHA2(val);
CREATE ROW ACCESS POLICY lake.crm.region_policy AS (r varchar) RETURNS BOOLEAN ->
  CURRENT_ROLE() = 'AUDITOR' OR r = 'EU';
ALTER TABLE lake.crm.customers MODIFY COLUMN ssn SET MASKING POLICY lake.crm.ssn_mask;
ALTER TABLE lake.crm.customers MODIFY COLUMN email SET MASKING POLICY lake.crm.email_mask;
ALTER TABLE lake.crm.customers ADD ROW ACCESS POLICY lake.crm.region_policy ON (region);
GRANT SELECT ON TABLE lake.crm.customers TO ROLE analyst;
GRANT SELECT ON TABLE lake.crm.customers TO ROLE support;
GRANT SELECT ON TABLE lake.crm.customers TO ROLE auditor;
