-- @description: LIKE with % and _ and an escaped _, ILIKE, NOT LIKE
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob; CREATE ROLE dp_carol;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY a ON t FOR SELECT TO dp_alice USING (owner LIKE 'dp\_a%' OR tenant LIKE '_eta');
CREATE POLICY b ON t FOR SELECT TO dp_bob USING (tenant ILIKE 'ALPHA');
CREATE POLICY c ON t FOR SELECT TO dp_carol USING (tenant NOT LIKE '%a');
GRANT SELECT ON t TO dp_alice, dp_bob, dp_carol;
