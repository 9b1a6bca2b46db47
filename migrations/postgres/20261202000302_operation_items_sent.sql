-- When the call carrying a customer was sent: set by the instance running the record just
-- before the call goes out, so an instance taking over a dead one's record knows what to
-- read back from BSS (sent, unanswered) and what to run (never sent). Set once.
ALTER TABLE operation_items ADD COLUMN sent_at TEXT;

DROP TRIGGER operation_items_are_written_once ON operation_items;
CREATE TRIGGER operation_items_are_written_once BEFORE UPDATE ON operation_items
FOR EACH ROW
WHEN (OLD.result <> 'pending' OR NEW.record_id IS DISTINCT FROM OLD.record_id
  OR NEW.customer_id IS DISTINCT FROM OLD.customer_id
  OR NEW.position IS DISTINCT FROM OLD.position
  OR NEW.customer_name IS DISTINCT FROM OLD.customer_name
  OR (OLD.sent_at IS NOT NULL AND NEW.sent_at IS DISTINCT FROM OLD.sent_at))
EXECUTE FUNCTION operation_records_refuse();

-- Every instance looks for records with pending items every few seconds.
CREATE INDEX operation_items_pending ON operation_items (record_id) WHERE result = 'pending';
