-- @description: arithmetic on columns, including modulo of negative numbers and division
-- @rows: t 300
-- @values: t.owner dp_alice|dp_bob|dp_carol|dp_dave|DP_ALICE|dp_alice |NULL
-- @values: t.tenant alpha|beta|gamma|Alpha||NULL
-- @range: t.amount -30..30
CREATE TABLE t (id integer PRIMARY KEY, owner text, tenant text, amount integer, created date, flag boolean);
CREATE ROLE dp_alice; CREATE ROLE dp_bob;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY a ON t FOR SELECT TO dp_alice USING (amount % 3 = -1 OR amount * 2 + 1 > 41);
CREATE POLICY b ON t FOR SELECT TO dp_bob USING (amount / 4 = 2 OR amount - id < -250);
GRANT SELECT ON t TO dp_alice, dp_bob;
