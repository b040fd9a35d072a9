-- @description: EXISTS over a mapping table keyed by current_user
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob; CREATE ROLE dp_carol;
CREATE TABLE members (member text, tenant text);
INSERT INTO members VALUES ('dp_alice', 'alpha'), ('dp_alice', 'beta'), ('dp_bob', 'gamma'),
  ('dp_bob', NULL), (NULL, 'alpha'), ('dp_carol', '');
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY via_members ON t FOR SELECT USING (
  EXISTS (SELECT 1 FROM members m WHERE m.member = current_user AND m.tenant = t.tenant));
GRANT SELECT ON t, members TO dp_alice, dp_bob, dp_carol;
