-- What the BSS resource queries (ListCustomerOnDemandResources, ListPayPerUseCustomerResources)
-- show beyond the extension's view of a resource. A database seeded before these columns
-- existed dates its resources from the customer's association and leaves the rest unknown.
ALTER TABLE resources ADD COLUMN effective_time TEXT;
ALTER TABLE resources ADD COLUMN availability_zone TEXT;
ALTER TABLE resources ADD COLUMN spec_code TEXT;
-- ExpirePolicy's code, for prepaid resources.
ALTER TABLE resources ADD COLUMN expire_policy INTEGER;

UPDATE resources SET effective_time = (
    SELECT associated_on FROM customers WHERE customers.customer_id = resources.customer_id
);
