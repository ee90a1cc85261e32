-- An outbox mail's recipients are its envelope: cut to fit, the list would lose a recipient, so it has no
-- limit (200 people copied overflowed VARCHAR(4000)). An audit line names everyone it is about (those
-- copied but not let in, those not mailed), so it has none either. Every other text from mail is cut to
-- its column (store/Columns). Changing a type to the one it already has does nothing, so this may run twice.
ALTER TABLE outbox ALTER COLUMN recipients SET DATA TYPE TEXT;
ALTER TABLE ticket_event ALTER COLUMN detail SET DATA TYPE TEXT;
