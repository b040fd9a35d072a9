-- @description: row security enabled with no policy: no rows but for the owner
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_owner;
ALTER TABLE t OWNER TO dp_owner;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON t TO dp_alice;
