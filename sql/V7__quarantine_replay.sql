-- A quarantined mail can be processed again (postdesk replay): when that worked, and what it became.
ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS replayed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS replay_outcome VARCHAR(60);
