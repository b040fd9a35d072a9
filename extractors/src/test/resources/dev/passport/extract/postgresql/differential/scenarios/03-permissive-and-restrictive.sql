-- @description: a restrictive policy is AND-ed with the OR of the permissive ones
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
-- @range: t.amount -100..100
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY everything ON t USING (true);
CREATE POLICY alpha_too ON t FOR SELECT USING (tenant = 'alpha');
CREATE POLICY non_negative ON t AS RESTRICTIVE USING (amount >= 0);
GRANT SELECT ON t TO dp_alice, dp_bob;
