-- @description: owner = current_user over NULL owners, case and trailing-space variants
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob; CREATE ROLE dp_dave;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON t USING (owner = current_user OR owner = CURRENT_ROLE AND tenant = 'beta');
CREATE POLICY not_mine ON t AS RESTRICTIVE TO dp_dave USING (owner IS DISTINCT FROM 'dp_alice');
GRANT SELECT ON t TO dp_alice, dp_bob, dp_dave;
