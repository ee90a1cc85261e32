-- Several daemons on one PostgreSQL. Each running daemon has a row it keeps fresh (heartbeat);
-- each mailbox is read and sent by the daemon holding its lease, taken over by another once the
-- holder's heartbeat is older than the lease time (lease.time). Times come from the daemons'
-- clocks, kept in step by NTP.
CREATE TABLE IF NOT EXISTS daemon (
    id           VARCHAR(100) NOT NULL,
    host         VARCHAR(200) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT daemon_pk PRIMARY KEY (id)
);

CREATE TABLE IF NOT EXISTS mailbox_lease (
    mailbox      VARCHAR(40)  NOT NULL,
    owner        VARCHAR(100) NOT NULL,
    acquired_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mailbox_lease_pk PRIMARY KEY (mailbox)
);
