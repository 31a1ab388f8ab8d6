-- Flyway V8: V6 added orders.fulfillment_channel (nullable). Every order placed before the
-- marketplace launch was shipped from our own warehouse.

UPDATE orders
   SET fulfillment_channel = 'warehouse'
 WHERE fulfillment_channel IS NULL;
