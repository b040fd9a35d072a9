-- @description: inheritance through two levels of roles
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_base;
CREATE ROLE dp_middle IN ROLE dp_base;
CREATE ROLE dp_alice IN ROLE dp_middle;
CREATE ROLE dp_bob IN ROLE dp_base;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY base ON t FOR SELECT TO dp_base USING (tenant = 'alpha');
CREATE POLICY middle ON t FOR SELECT TO dp_middle USING (tenant = 'beta');
CREATE POLICY middle_restrict ON t AS RESTRICTIVE TO dp_middle USING (amount > 0);
GRANT SELECT ON t TO dp_base;
