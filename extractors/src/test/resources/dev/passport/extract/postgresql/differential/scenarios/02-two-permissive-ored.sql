-- @description: two permissive policies are OR-ed
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
-- @range: t.amount -100..100
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_tenant ON t FOR SELECT USING (tenant = 'alpha');
CREATE POLICY by_amount ON t AS PERMISSIVE FOR SELECT TO dp_alice USING (amount > 50);
GRANT SELECT ON t TO dp_alice, dp_bob;
