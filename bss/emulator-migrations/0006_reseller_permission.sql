-- Resellers their distributor granted the permission to restrict purchases and freeze
-- resources for their own customers: the distributor's freeze, unfreeze and budget calls
-- for those customers are refused.
ALTER TABLE indirect_partners ADD COLUMN manages_restrictions INTEGER NOT NULL DEFAULT 0;
