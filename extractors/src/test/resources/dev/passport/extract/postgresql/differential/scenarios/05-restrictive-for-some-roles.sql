-- @description: a restrictive policy applies only to the roles it names
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob; CREATE ROLE dp_carol;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON t FOR SELECT USING (amount IS NOT NULL);
CREATE POLICY bob_alpha ON t AS RESTRICTIVE FOR SELECT TO dp_bob USING (tenant = 'alpha');
CREATE POLICY carol_mine ON t AS RESTRICTIVE TO dp_carol, dp_bob USING (owner = current_user);
GRANT SELECT ON t TO dp_alice, dp_bob, dp_carol;
