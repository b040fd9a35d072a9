-- @description: COALESCE and NULLIF around identity and columns
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY defaulted ON t FOR SELECT USING (coalesce(owner, 'dp_alice') = current_user);
CREATE POLICY blank ON t FOR SELECT TO dp_bob USING (nullif(tenant, '') IS NULL);
GRANT SELECT ON t TO dp_alice, dp_bob;
