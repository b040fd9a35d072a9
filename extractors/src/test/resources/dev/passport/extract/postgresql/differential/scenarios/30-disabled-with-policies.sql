-- @description: policies on a table whose row security is disabled do nothing
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
CREATE POLICY never ON t FOR SELECT USING (false);
CREATE POLICY alice ON t FOR SELECT TO dp_alice USING (tenant = 'alpha');
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
ALTER TABLE t DISABLE ROW LEVEL SECURITY;
GRANT SELECT ON t TO dp_alice, dp_bob;
