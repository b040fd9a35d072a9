SELECT d.id AS customer_id, d.name, d.region, d.email, d.ssn,
       o.id AS order_id, o.amount, o.ordered_on
FROM retail.customer_directory d
JOIN retail.orders o ON o.customer_id = d.id
ORDER BY o.id
