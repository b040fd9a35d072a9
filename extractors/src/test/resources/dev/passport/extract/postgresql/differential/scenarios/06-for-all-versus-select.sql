-- @description: FOR ALL and FOR SELECT policies both govern reads
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY all_alice ON t FOR ALL TO dp_alice USING (tenant = 'beta') WITH CHECK (true);
CREATE POLICY select_bob ON t FOR SELECT TO dp_bob USING (tenant = 'gamma');
CREATE POLICY all_everyone ON t TO PUBLIC USING (owner = current_user);
GRANT SELECT, INSERT, UPDATE ON t TO dp_alice, dp_bob;
