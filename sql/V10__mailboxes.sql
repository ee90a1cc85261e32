-- Several support mailboxes: a ticket belongs to the mailbox its first mail came to, and every
-- mail about it leaves from that mailbox (its address, its SMTP login). NULL: a ticket made
-- before there were several, served by the first mailbox of the configuration. IF NOT EXISTS: a
-- run killed between the two statements runs again.
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS mailbox VARCHAR(40);
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS mailbox VARCHAR(40);
