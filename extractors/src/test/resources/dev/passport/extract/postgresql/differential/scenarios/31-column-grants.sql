-- @description: column grants: SELECT * is refused, the granted columns are readable and filtered
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob; CREATE ROLE dp_carol;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON t FOR SELECT USING (tenant = 'alpha' OR amount < 0);
GRANT SELECT (id, tenant) ON t TO dp_alice;
GRANT SELECT ON t TO dp_bob;
GRANT SELECT (id, owner, amount), UPDATE (flag) ON t TO dp_carol;
