-- @description: current_setting('app.tenant', true), set to several values and unset
-- @settings: app.tenant=alpha
-- @settings: app.tenant=beta
-- @settings: app.tenant=
-- @settings: -
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON t FOR SELECT USING (tenant = current_setting('app.tenant', true));
GRANT SELECT ON t TO dp_alice, dp_bob;
