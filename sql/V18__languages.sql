-- The customer's language, an ISO 639-1 code in lower case ("de", "pt-br"): set in the customer
-- directory, or detected from the first mail of a ticket. A ticket keeps the language it was opened
-- in, and every mail to its customer uses that language's templates; NULL is the default language.
ALTER TABLE customer ADD COLUMN IF NOT EXISTS language VARCHAR(20);
ALTER TABLE ticket ADD COLUMN IF NOT EXISTS language VARCHAR(20);
