-- #merge: a ticket merged into another keeps its row (closed) and names the survivor, so its ID,
-- reply addresses and Message-IDs keep routing there.
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS merged_into VARCHAR(14);
