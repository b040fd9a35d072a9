-- @description: restrictive policies without any permissive one admit nothing
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY only_alpha ON t AS RESTRICTIVE FOR SELECT USING (tenant = 'alpha');
CREATE POLICY positive ON t AS RESTRICTIVE USING (amount > 0);
GRANT SELECT ON t TO dp_alice;
