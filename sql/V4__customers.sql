-- The customer directory: an address, or a whole domain written @example.com, belongs to an
-- organisation on a plan. Unknown senders are on the free plan. A ticket keeps the plan its
-- requester had when it was opened.
CREATE TABLE IF NOT EXISTS customer (
    pattern      VARCHAR(320) NOT NULL,
    organisation VARCHAR(200) NOT NULL,
    plan         VARCHAR(50)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT customer_pk PRIMARY KEY (pattern)
);
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS plan VARCHAR(50);
