-- The same policies written another way: keyword case, quoting, layout, redundant parentheses,
-- operand order, 1 as 1.0, 2.50 as 2.5, IN list order, two GRANT statements instead of one.
create role ANALYST;
create role "manager";
create table CRM.Customers (ID bigint, TIER numeric, REGION text, EMAIL text);
alter table crm.customers enable row level security;
create policy "eu_only" on crm.customers
  for select
  to analyst
  using ( ( (1.0 <= tier) and ('EU' = region) ) );
create policy managers on crm.customers for select to MANAGER using ((tier > 2.5) or (region in ('US','EU')));
grant select on table crm.customers to analyst;
grant select on table crm.customers to manager;
