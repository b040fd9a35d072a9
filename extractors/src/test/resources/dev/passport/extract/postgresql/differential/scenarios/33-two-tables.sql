-- @description: two tables, one with row security and one without, grants differing per table
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
-- @rows: u 120
-- @values: u.label alpha|beta|NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE TABLE u (id integer, label text, score numeric(8, 2), seen timestamp);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON t FOR SELECT USING (tenant = 'beta');
GRANT SELECT ON t TO dp_alice;
GRANT SELECT ON u TO dp_alice, dp_bob;
