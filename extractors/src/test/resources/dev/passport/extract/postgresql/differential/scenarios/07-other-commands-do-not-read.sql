-- @description: INSERT, UPDATE and DELETE policies do not admit rows to SELECT
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY ins ON t FOR INSERT WITH CHECK (true);
CREATE POLICY upd ON t FOR UPDATE USING (true);
CREATE POLICY del ON t FOR DELETE TO dp_bob USING (true);
CREATE POLICY sel ON t FOR SELECT TO dp_alice USING (tenant = 'alpha');
CREATE POLICY restrict_update ON t AS RESTRICTIVE FOR UPDATE USING (false);
GRANT ALL ON t TO dp_alice, dp_bob;
