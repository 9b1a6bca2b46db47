-- What a record says stays as written: every column that says what the operation was, by
-- whom and for whom, is fixed from the start; only `finished_at` is set, once. A finished
-- record takes no new items. A form token (unique) makes a double submit of one dialog run
-- once.

ALTER TABLE operation_records ADD COLUMN form_token TEXT;
CREATE UNIQUE INDEX operation_records_by_form_token ON operation_records (form_token);

DROP TRIGGER operation_records_are_not_edited;
CREATE TRIGGER operation_records_are_not_edited BEFORE UPDATE ON operation_records
WHEN OLD.finished_at IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.created_at IS NOT OLD.created_at
  OR NEW.staff_id IS NOT OLD.staff_id OR NEW.staff_email IS NOT OLD.staff_email
  OR NEW.operation IS NOT OLD.operation OR NEW.label_set IS NOT OLD.label_set
  OR NEW.operation_label IS NOT OLD.operation_label OR NEW.reason IS NOT OLD.reason
  OR NEW.reseller_id IS NOT OLD.reseller_id OR NEW.code_verified IS NOT OLD.code_verified
  OR NEW.api_version IS NOT OLD.api_version OR NEW.details IS NOT OLD.details
  OR NEW.retry_of IS NOT OLD.retry_of OR NEW.form_token IS NOT OLD.form_token
BEGIN
    SELECT RAISE(ABORT, 'operation records are append-only');
END;

CREATE TRIGGER operation_items_join_open_records BEFORE INSERT ON operation_items
WHEN (SELECT finished_at FROM operation_records WHERE id = NEW.record_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'operation records are append-only');
END;

DROP TRIGGER operation_items_are_written_once;
CREATE TRIGGER operation_items_are_written_once BEFORE UPDATE ON operation_items
WHEN OLD.result <> 'pending' OR NEW.record_id IS NOT OLD.record_id
  OR NEW.customer_id IS NOT OLD.customer_id OR NEW.position IS NOT OLD.position
  OR NEW.customer_name IS NOT OLD.customer_name
BEGIN
    SELECT RAISE(ABORT, 'operation records are append-only');
END;
