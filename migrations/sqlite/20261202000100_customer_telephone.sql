-- The customer's phone number as ListSubCustomers reports it (`telephone`), beside the
-- e-mail the mirror already holds. The list shows both masked; a reveal reads them here.
ALTER TABLE customers ADD COLUMN telephone TEXT NOT NULL DEFAULT '';
