-- Flyway V1: initial schema of checkout-service.
-- Every table is new here, so plain CREATE INDEX is fine: nobody is writing to them yet.

CREATE TABLE countries (
    code        char(2)      PRIMARY KEY,
    name        text         NOT NULL,
    currency    char(3)      NOT NULL
);

CREATE TABLE users (
    id          bigserial    PRIMARY KEY,
    email       citext       NOT NULL,
    country     char(2)      REFERENCES countries (code),
    created_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE orders (
    id           bigserial     PRIMARY KEY,
    user_id      bigint        NOT NULL REFERENCES users (id),
    status       text          NOT NULL DEFAULT 'pending',
    total_cents  bigint        NOT NULL,
    currency     char(3)       NOT NULL,
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX idx_orders_user_id ON orders (user_id);
CREATE INDEX idx_orders_created_at ON orders (created_at);

CREATE TABLE order_items (
    id           bigserial  PRIMARY KEY,
    order_id     bigint     NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    sku          text       NOT NULL,
    quantity     integer    NOT NULL CHECK (quantity > 0),
    price_cents  bigint     NOT NULL
);
CREATE INDEX idx_order_items_order_id ON order_items (order_id);

CREATE TABLE payments (
    id            bigserial    PRIMARY KEY,
    order_id      bigint       NOT NULL REFERENCES orders (id),
    provider      text         NOT NULL,
    provider_ref  text         NOT NULL,
    amount_cents  bigint       NOT NULL,
    status        text         NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX payments_provider_ref_key ON payments (provider, provider_ref);

INSERT INTO countries (code, name, currency) VALUES
    ('DE', 'Germany', 'EUR'),
    ('FR', 'France', 'EUR'),
    ('GB', 'United Kingdom', 'GBP'),
    ('US', 'United States', 'USD');
