-- #forward: a third party (a vendor, a colleague outside the desk) written to from a ticket. Their
-- replies land on the ticket as internal notes and never reach the customer; they get no other
-- access to the ticket.
CREATE TABLE IF NOT EXISTS side_party (
    ticket_id  VARCHAR(14)  NOT NULL,
    address    VARCHAR(320) NOT NULL,
    added_by   VARCHAR(320) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT side_party_pk PRIMARY KEY (ticket_id, address),
    CONSTRAINT side_party_ticket_fk FOREIGN KEY (ticket_id) REFERENCES ticket (id)
);
