-- Structured fields a customer gives in the first message (License:, URL:, UUID: and the
-- operator's own), one row a field; searchable and shown to agents.
CREATE TABLE IF NOT EXISTS ticket_field (
    ticket_id VARCHAR(14)  NOT NULL,
    name      VARCHAR(40)  NOT NULL,
    field_value VARCHAR(500) NOT NULL,
    CONSTRAINT ticket_field_pk PRIMARY KEY (ticket_id, name),
    CONSTRAINT ticket_field_ticket_fk FOREIGN KEY (ticket_id) REFERENCES ticket (id)
);
CREATE INDEX IF NOT EXISTS ticket_field_value_idx ON ticket_field (field_value);

-- Licence keys of the customer directory: a ticket naming one is premium and linked to the entry.
CREATE TABLE IF NOT EXISTS customer_licence (
    licence_key VARCHAR(200) NOT NULL,
    pattern     VARCHAR(320) NOT NULL,
    CONSTRAINT customer_licence_pk PRIMARY KEY (licence_key)
);
CREATE INDEX IF NOT EXISTS customer_licence_pattern_idx ON customer_licence (pattern);

-- The directory entry a ticket's licence belongs to; the requester's organisation when the ticket
-- was opened ("org:NAME" from the directory, or "domain:DOMAIN" of a company domain), and
-- whether that organisation may see and answer the ticket.
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS licensed_to VARCHAR(320);
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS organisation VARCHAR(320);
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS shared BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX IF NOT EXISTS ticket_organisation_idx ON ticket (organisation);
