-- SLA clocks: per ticket one for the first response and one for the resolution. Counted
-- working time is kept in elapsed_ms while a clock is paused; running_since and due_at are set
-- while it runs. warned_at and breached_at record that each warning was sent, so it is sent once.
CREATE TABLE IF NOT EXISTS sla_clock (
    ticket_id     VARCHAR(14) NOT NULL,
    kind          VARCHAR(10) NOT NULL,
    target_ms     BIGINT,
    all_day       BOOLEAN     NOT NULL,
    elapsed_ms    BIGINT      NOT NULL,
    running_since TIMESTAMP WITH TIME ZONE,
    due_at        TIMESTAMP WITH TIME ZONE,
    met_at        TIMESTAMP WITH TIME ZONE,
    warned_at     TIMESTAMP WITH TIME ZONE,
    breached_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT sla_clock_pk PRIMARY KEY (ticket_id, kind),
    CONSTRAINT sla_clock_ticket_fk FOREIGN KEY (ticket_id) REFERENCES ticket (id),
    CONSTRAINT sla_clock_kind_ck CHECK (kind IN ('RESPONSE', 'RESOLUTION'))
);
CREATE INDEX IF NOT EXISTS sla_clock_due_idx ON sla_clock (due_at);
