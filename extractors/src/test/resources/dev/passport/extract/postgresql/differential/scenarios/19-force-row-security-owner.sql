-- @description: FORCE ROW LEVEL SECURITY makes the owner subject to the policies
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_owner; CREATE ROLE dp_alice;
ALTER TABLE t OWNER TO dp_owner;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
ALTER TABLE t FORCE ROW LEVEL SECURITY;
CREATE POLICY owners ON t FOR SELECT TO dp_owner USING (tenant = 'alpha');
CREATE POLICY others ON t FOR SELECT TO dp_alice USING (tenant = 'beta');
GRANT SELECT ON t TO dp_alice;
