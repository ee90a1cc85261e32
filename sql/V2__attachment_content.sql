-- Attachment content lives in a content-addressed folder; the row names it by SHA-256.
-- dropped says why an attachment over a limit was refused (its content was not kept).
ALTER TABLE attachment ADD COLUMN IF NOT EXISTS sha256 VARCHAR(64);
ALTER TABLE attachment ADD COLUMN IF NOT EXISTS dropped VARCHAR(200);
