-- @description: column grants to a role and to PUBLIC combine with a member's own
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_reader; CREATE ROLE dp_alice IN ROLE dp_reader; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON t FOR SELECT TO dp_reader USING (owner = current_user);
CREATE POLICY q ON t FOR SELECT TO dp_bob USING (true);
GRANT SELECT (id) ON t TO PUBLIC;
GRANT SELECT (tenant, created) ON t TO dp_reader;
GRANT SELECT (amount) ON t TO dp_alice;
