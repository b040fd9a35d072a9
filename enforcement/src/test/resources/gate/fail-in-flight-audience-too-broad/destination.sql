-- No masks, no row filter.
CREATE ROLE analyst;
CREATE ROLE support;
CREATE ROLE auditor;
CREATE ROLE marketing;
CREATE TABLE lake.crm.customers (id number, name varchar, email varchar, ssn varchar, region varchar);
GRANT SELECT ON TABLE lake.crm.customers TO ROLE analyst;
GRANT SELECT ON TABLE lake.crm.customers TO ROLE support;
GRANT SELECT ON TABLE lake.crm.customers TO ROLE auditor;
