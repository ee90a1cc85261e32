-- Several daemons on one PostgreSQL: a sender claims the outbox mail it is about to send, until
-- claimed_until, so a daemon that stalled past its lease and the mailbox's next holder do not both
-- send it (issue 14: at most twice, even when a stall and a kill meet).
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS claimed_by VARCHAR(40);
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS claimed_until TIMESTAMP WITH TIME ZONE;
