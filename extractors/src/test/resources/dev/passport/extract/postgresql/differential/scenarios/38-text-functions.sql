-- @description: lower, upper, length and concatenation in predicates
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY a ON t FOR SELECT TO dp_alice USING (lower(owner) = current_user);
CREATE POLICY b ON t FOR SELECT TO dp_bob USING (upper(tenant) = 'ALPHA' OR length(tenant) = 0 OR tenant || 'x' = 'gammax');
GRANT SELECT ON t TO dp_alice, dp_bob;
