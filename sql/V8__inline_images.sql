-- The Content-ID of an inline part, so an HTML mail's cid: images can be shown from the attachment store.
ALTER TABLE attachment ADD COLUMN IF NOT EXISTS content_id VARCHAR(500);
