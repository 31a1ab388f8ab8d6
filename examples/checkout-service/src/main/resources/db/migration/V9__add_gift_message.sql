-- Flyway V9: gift messages on orders (CHECKOUT-1423).
-- A nullable column without a default is a catalog-only change, even on 500M rows.
-- The lock is brief, but it queues behind any long transaction on orders: give up after 5 s
-- and let the deploy retry rather than block every checkout while waiting.
SET lock_timeout = '5s';

ALTER TABLE orders ADD COLUMN gift_message text;
