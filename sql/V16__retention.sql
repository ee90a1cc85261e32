-- Data retention and GDPR erasure: when a ticket's content and personal data were erased (by
-- retention or `postdesk erase`). Retention passes skip such tickets, and claim a ticket by setting
-- it, so two daemons never erase the same ticket twice.
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS erased_at TIMESTAMP WITH TIME ZONE;
