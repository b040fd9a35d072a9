-- @description: a NOINHERIT role has neither the grants nor the policies of its roles
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_reader;
CREATE ROLE dp_alice NOINHERIT IN ROLE dp_reader;
CREATE ROLE dp_bob NOINHERIT IN ROLE dp_reader;
CREATE ROLE dp_carol IN ROLE dp_reader;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY readers ON t FOR SELECT TO dp_reader USING (tenant = 'alpha');
CREATE POLICY alice ON t FOR SELECT TO dp_alice USING (tenant = 'beta');
GRANT SELECT ON t TO dp_reader, dp_alice;
