-- The global cap on automatic mail (autoreply.total) counts all recent automatic mail.
CREATE INDEX IF NOT EXISTS auto_mail_queued_idx ON auto_mail (queued_at);
