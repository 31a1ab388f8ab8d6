-- Monthly statements scan invoices by issue date.
-- Secondary index: built in place, reads and writes continue (say so, so MySQL refuses otherwise).
ALTER TABLE invoices
  ADD INDEX idx_invoices_issued_at (issued_at),
  ALGORITHM=INPLACE, LOCK=NONE;
