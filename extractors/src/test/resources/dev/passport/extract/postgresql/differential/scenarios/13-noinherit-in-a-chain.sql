-- @description: inheritance stops at a NOINHERIT role in the middle of a chain
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_top;
CREATE ROLE dp_middle NOINHERIT IN ROLE dp_top;
CREATE ROLE dp_alice IN ROLE dp_middle;
CREATE ROLE dp_bob IN ROLE dp_top;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY top ON t FOR SELECT TO dp_top USING (tenant = 'alpha');
CREATE POLICY middle ON t FOR SELECT TO dp_middle USING (tenant = 'gamma');
GRANT SELECT ON t TO dp_top, dp_middle;
