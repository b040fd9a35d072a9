-- @description: BETWEEN over integers and dates, NOT BETWEEN
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
-- @range: t.amount -10..10
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY a ON t FOR SELECT TO dp_alice USING (amount BETWEEN -3 AND 3);
CREATE POLICY b ON t FOR SELECT TO dp_bob USING (
  created BETWEEN DATE '2024-01-01' AND '2024-06-30' AND amount NOT BETWEEN 0 AND 5);
GRANT SELECT ON t TO dp_alice, dp_bob;
