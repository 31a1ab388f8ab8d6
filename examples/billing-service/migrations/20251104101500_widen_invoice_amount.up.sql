-- BILL-877: enterprise invoices above 99,999,999.99 fail to insert. Widen the amount column.
ALTER TABLE invoices MODIFY COLUMN amount DECIMAL(14,2) NOT NULL;
