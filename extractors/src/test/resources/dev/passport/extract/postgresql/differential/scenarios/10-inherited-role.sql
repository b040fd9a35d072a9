-- @description: a member of a role inherits its grant and its policies
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_reader;
CREATE ROLE dp_alice IN ROLE dp_reader;
CREATE ROLE dp_bob;
GRANT dp_reader TO dp_bob;
CREATE ROLE dp_carol;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY readers ON t FOR SELECT TO dp_reader USING (tenant <> 'beta');
CREATE POLICY bob ON t FOR SELECT TO dp_bob USING (tenant = 'beta' AND owner = current_user);
GRANT SELECT ON t TO dp_reader;
