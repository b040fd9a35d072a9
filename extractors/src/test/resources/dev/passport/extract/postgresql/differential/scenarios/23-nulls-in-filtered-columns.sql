-- @description: NULLs under comparison, NOT, IS NULL, IS DISTINCT FROM and NOT IN
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
-- @range: t.amount -20..20
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob; CREATE ROLE dp_carol;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY a ON t FOR SELECT TO dp_alice USING (NOT (tenant = 'alpha') OR amount IS NULL);
CREATE POLICY b ON t FOR SELECT TO dp_bob USING (tenant IS DISTINCT FROM 'beta' AND amount > 0);
CREATE POLICY c ON t FOR SELECT TO dp_carol USING (tenant NOT IN ('alpha', 'beta') OR flag IS NOT TRUE);
GRANT SELECT ON t TO dp_alice, dp_bob, dp_carol;
