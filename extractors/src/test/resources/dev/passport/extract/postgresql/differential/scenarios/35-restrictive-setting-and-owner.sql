-- @description: a permissive current_user policy AND a restrictive tenant setting
-- @settings: app.tenant=alpha
-- @settings: app.tenant=gamma
-- @settings: -
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON t FOR SELECT USING (owner = current_user OR owner IS NULL);
CREATE POLICY tenant ON t AS RESTRICTIVE USING (tenant = current_setting('app.tenant', true));
GRANT SELECT ON t TO dp_alice, dp_bob;
