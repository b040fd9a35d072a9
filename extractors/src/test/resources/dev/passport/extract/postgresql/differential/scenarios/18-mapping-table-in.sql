-- @description: column IN (SELECT … FROM mapping WHERE member = current_user)
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob; CREATE ROLE dp_carol;
CREATE TABLE members (member text, tenant text);
INSERT INTO members VALUES ('dp_alice', 'alpha'), ('dp_alice', 'Alpha'), ('dp_bob', 'gamma'),
  ('dp_bob', NULL), ('dp_carol', '');
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY via_members ON t FOR SELECT USING (
  tenant IN (SELECT members.tenant FROM members WHERE members.member = current_user));
GRANT SELECT ON members TO PUBLIC;
GRANT SELECT ON t TO dp_alice, dp_bob, dp_carol;
