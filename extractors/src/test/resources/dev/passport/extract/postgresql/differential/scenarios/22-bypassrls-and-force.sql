-- @description: BYPASSRLS also bypasses FORCE; a BYPASSRLS role without SELECT is still refused
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_owner BYPASSRLS; CREATE ROLE dp_auditor BYPASSRLS; CREATE ROLE dp_alice;
ALTER TABLE t OWNER TO dp_owner;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
ALTER TABLE t FORCE ROW LEVEL SECURITY;
CREATE POLICY restricted ON t USING (tenant = 'alpha');
GRANT SELECT ON t TO dp_alice;
