-- A ticket's type: incident or (service) request, set by an agent's #type command.
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS ticket_type VARCHAR(20);
