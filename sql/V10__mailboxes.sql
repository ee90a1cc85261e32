-- Several support mailboxes: a ticket belongs to the mailbox its first mail came to, and every
-- mail about it leaves from that mailbox (its address, its SMTP login). NULL: a ticket made
-- before there were several, served by the first mailbox of the configuration. IF NOT EXISTS: a
-- run killed between the two statements runs again.
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS mailbox VARCHAR(40);
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS mailbox VARCHAR(40);

-- A delegated mailbox's refresh token (oauth2.grant = refresh_token), stored by `postdesk oauth
-- login` and replaced when the token endpoint rotates it; sealed (AES-GCM) with a key derived
-- from the instance secret.
CREATE TABLE IF NOT EXISTS oauth_token (
    mailbox       VARCHAR(40) NOT NULL,
    refresh_token TEXT        NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT oauth_token_pk PRIMARY KEY (mailbox)
);
