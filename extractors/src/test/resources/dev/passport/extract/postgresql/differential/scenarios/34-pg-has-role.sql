-- @description: pg_has_role on the current user, with inherited and direct membership
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_managers;
CREATE ROLE dp_alice IN ROLE dp_managers;
CREATE ROLE dp_lead IN ROLE dp_managers;
CREATE ROLE dp_bob IN ROLE dp_lead;
CREATE ROLE dp_carol;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY managers ON t FOR SELECT USING (pg_has_role('dp_managers', 'USAGE') OR tenant = 'gamma');
GRANT SELECT ON t TO PUBLIC;
