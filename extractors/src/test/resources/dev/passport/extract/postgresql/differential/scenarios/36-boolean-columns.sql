-- @description: a boolean column as the predicate, IS NOT FALSE and NOT
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob; CREATE ROLE dp_carol;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY a ON t FOR SELECT TO dp_alice USING (flag);
CREATE POLICY b ON t FOR SELECT TO dp_bob USING (flag IS NOT FALSE);
CREATE POLICY c ON t FOR SELECT TO dp_carol USING (NOT flag);
GRANT SELECT ON t TO dp_alice, dp_bob, dp_carol;
