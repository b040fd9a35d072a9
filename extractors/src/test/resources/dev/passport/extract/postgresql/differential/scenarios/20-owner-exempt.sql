-- @description: without FORCE the owner, and members inheriting the owner role, see every row
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_owner; CREATE ROLE dp_alice IN ROLE dp_owner; CREATE ROLE dp_bob;
CREATE ROLE dp_carol NOINHERIT IN ROLE dp_owner;
ALTER TABLE t OWNER TO dp_owner;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone ON t FOR SELECT USING (tenant = 'gamma');
GRANT SELECT ON t TO dp_bob, dp_carol;
