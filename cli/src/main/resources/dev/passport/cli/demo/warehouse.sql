-- The demo warehouse: a small retail schema whose access rules live in PostgreSQL itself.
-- passport demo runs this script on an embedded PostgreSQL, then reads the rules back from the
-- live catalog, as `passport extract --jdbc` would.

-- Roles and users. admin inherits both analyst and support; etl loads data and bypasses RLS.
CREATE ROLE analyst NOLOGIN;
CREATE ROLE support NOLOGIN;
CREATE ROLE admin NOLOGIN IN ROLE analyst, support;
CREATE ROLE etl NOLOGIN BYPASSRLS;
CREATE ROLE alice LOGIN IN ROLE analyst;  -- an analyst for the EU region (app.region = 'EU')
CREATE ROLE bob LOGIN IN ROLE support;
CREATE ROLE carol LOGIN IN ROLE admin;
CREATE ROLE loader LOGIN IN ROLE etl;

CREATE SCHEMA retail;

CREATE TABLE retail.customers (
  id integer PRIMARY KEY,
  name text NOT NULL,
  email text,
  ssn text,
  region text NOT NULL,
  birth_date date
);

CREATE TABLE retail.orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES retail.customers (id),
  region text NOT NULL,
  amount numeric(10, 2) NOT NULL,
  card_number text,
  ordered_on date NOT NULL
);

-- Row-level security on orders: analysts see their session's region, support sees every row.
ALTER TABLE retail.orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_in_region ON retail.orders FOR SELECT TO analyst
  USING (region = current_setting('app.region', true));
CREATE POLICY orders_support ON retail.orders FOR SELECT TO support
  USING (true);

-- Customers are read through a security-barrier view that filters rows and masks the
-- sensitive columns by the caller's role; nobody but the owner reads the table itself.
CREATE VIEW retail.customer_directory WITH (security_barrier) AS
  SELECT id, name, region,
    CASE WHEN pg_has_role('support', 'member') THEN email
         ELSE regexp_replace(email, '.+@', '*****@') END AS email,
    CASE WHEN pg_has_role('admin', 'member') THEN ssn
         ELSE 'XXX-XX-' || right(ssn, 4) END AS ssn
  FROM retail.customers
  WHERE region = current_setting('app.region', true) OR pg_has_role('support', 'member');

GRANT USAGE ON SCHEMA retail TO analyst, support, etl;
GRANT SELECT ON retail.customer_directory TO analyst, support;
-- Analysts may not read card numbers: a column-level grant leaves card_number out.
GRANT SELECT (id, customer_id, region, amount, ordered_on) ON retail.orders TO analyst;
GRANT SELECT ON retail.orders TO support;
GRANT SELECT, INSERT ON retail.orders TO etl;

-- Sample rows: 16 customers in three regions, 48 orders.
INSERT INTO retail.customers VALUES
  (1, 'Ada Byron', 'ada@example.eu', '123-45-6789', 'EU', DATE '1985-12-10'),
  (2, 'Brian Kernighan', 'brian@example.com', '234-56-7890', 'US', DATE '1972-01-01'),
  (3, 'Chidi Okafor', 'chidi@example.eu', '345-67-8901', 'EU', DATE '1990-06-15'),
  (4, 'Dana Scully', 'dana@example.com', '456-78-9012', 'US', DATE '1964-02-23'),
  (5, 'Emeka Nwosu', 'emeka@example.sg', '567-89-0123', 'APAC', DATE '1988-09-30'),
  (6, 'Fatima Zahra', 'fatima@example.eu', '678-90-1234', 'EU', DATE '1979-04-04'),
  (7, 'Grace Hopper', 'grace@example.com', '789-01-2345', 'US', DATE '1956-12-09'),
  (8, 'Hiro Tanaka', 'hiro@example.jp', '890-12-3456', 'APAC', DATE '1992-11-11'),
  (9, 'Ingrid Olsen', 'ingrid@example.eu', '901-23-4567', 'EU', DATE '1983-07-21'),
  (10, 'Jamal Carter', 'jamal@example.com', '012-34-5678', 'US', DATE '1995-03-03'),
  (11, 'Kim Lee', 'kim@example.kr', '111-22-3333', 'APAC', DATE '1987-08-08'),
  (12, 'Lena Fischer', 'lena@example.eu', '222-33-4444', 'EU', DATE '1991-10-10'),
  (13, 'Miguel Sanchez', 'miguel@example.com', '333-44-5555', 'US', DATE '1980-05-05'),
  (14, 'Nadia Petrova', 'nadia@example.eu', NULL, 'EU', NULL),
  (15, 'Omar Haddad', NULL, '555-66-7777', 'APAC', DATE '1975-01-31'),
  (16, 'Priya Nair', 'priya@example.in', '666-77-8888', 'APAC', DATE '1998-02-14');

INSERT INTO retail.orders
  SELECT n, c.id, c.region, ((n * 37) % 500) + 0.99,
         '4111-1111-1111-' || lpad(((n * 7919) % 10000)::text, 4, '0'),
         DATE '2026-01-01' + n * 3
  FROM generate_series(1, 48) AS n
  JOIN retail.customers c ON c.id = (n - 1) % 16 + 1;
