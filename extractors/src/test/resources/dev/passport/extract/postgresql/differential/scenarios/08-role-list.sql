-- @description: a policy's TO list names several roles; others get nothing
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob; CREATE ROLE dp_carol;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY listed ON t FOR SELECT TO dp_alice, dp_bob USING (tenant IN ('alpha', 'beta'));
GRANT SELECT ON t TO dp_alice, dp_bob, dp_carol;
