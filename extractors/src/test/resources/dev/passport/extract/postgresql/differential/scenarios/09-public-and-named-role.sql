-- @description: a policy TO PUBLIC plus one for a named role
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone ON t FOR SELECT TO public USING (tenant = 'gamma');
CREATE POLICY alice_more ON t FOR SELECT TO dp_alice USING (tenant = 'Alpha' OR tenant = '');
GRANT SELECT ON t TO PUBLIC;
