-- @description: BYPASSRLS sees every row; the attribute is not inherited by members
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_admin BYPASSRLS; CREATE ROLE dp_alice IN ROLE dp_admin; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON t FOR SELECT USING (owner = current_user);
GRANT SELECT ON t TO dp_admin, dp_bob;
