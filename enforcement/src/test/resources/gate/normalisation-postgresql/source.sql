-- The source's policies, written one way.
CREATE ROLE analyst;
CREATE ROLE manager;
CREATE TABLE crm.customers (id bigint, tier numeric, region text, email text);
ALTER TABLE crm.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY eu_only ON crm.customers FOR SELECT TO analyst
  USING (region = 'EU' AND tier >= 1);
CREATE POLICY managers ON crm.customers FOR SELECT TO manager
  USING (region IN ('EU', 'US') OR tier > 2.50);
GRANT SELECT ON crm.customers TO analyst, manager;
