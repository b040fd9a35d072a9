-- @description: IN and NOT IN lists, = ANY (ARRAY[…]), a NULL member
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
-- @range: t.amount 0..10
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob; CREATE ROLE dp_carol;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY a ON t FOR SELECT TO dp_alice USING (amount IN (1, 3, 5, 7) AND tenant IN ('alpha', 'gamma'));
CREATE POLICY b ON t FOR SELECT TO dp_bob USING (tenant NOT IN ('alpha', NULL) OR amount = 2);
CREATE POLICY c ON t FOR SELECT TO dp_carol USING (tenant = ANY (ARRAY['beta', 'Alpha']));
GRANT SELECT ON t TO dp_alice, dp_bob, dp_carol;
