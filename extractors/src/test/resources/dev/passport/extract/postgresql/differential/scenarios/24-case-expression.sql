-- @description: CASE in a policy, searched and simple, with a NULL-valued arm
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
-- @range: t.amount -100..100
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY searched ON t FOR SELECT TO dp_alice USING (
  CASE WHEN amount > 50 THEN tenant = 'alpha' WHEN amount < 0 THEN owner IS NULL ELSE flag END);
CREATE POLICY simple ON t FOR SELECT TO dp_bob USING (
  CASE tenant WHEN 'alpha' THEN 1 WHEN 'beta' THEN 2 ELSE NULL END = 1 OR amount = 0);
GRANT SELECT ON t TO dp_alice, dp_bob;
