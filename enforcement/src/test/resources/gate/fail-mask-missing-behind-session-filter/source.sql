-- The warehouse (PostgreSQL): analysts read customers of their session's region (app.region)
-- through a view that shows them only the last 4 digits of the SSN.
CREATE ROLE analyst;
CREATE SCHEMA retail;
CREATE TABLE retail.customers (id integer, region text, ssn text);
CREATE VIEW retail.customer_directory WITH (security_barrier) AS
  SELECT id, region,
    CASE WHEN pg_has_role('admin', 'member') THEN ssn ELSE 'XXX-XX-' || right(ssn, 4) END AS ssn
  FROM retail.customers
  WHERE region = current_setting('app.region', true);
GRANT SELECT ON retail.customer_directory TO analyst;
