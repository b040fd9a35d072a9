-- @description: a setting cast to integer compared with a column; unset gives NULL and no rows
-- @settings: app.limit=10
-- @settings: app.limit=-5
-- @settings: -
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY under ON t FOR SELECT USING (amount <= current_setting('app.limit', true)::integer);
GRANT SELECT ON t TO dp_alice;
