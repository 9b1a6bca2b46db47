-- Self-verifying checks of the PostgreSQL schema in migrations/postgres/: the triggers that
-- keep customer_counts and customer_facets in step, the append-only records and events,
-- the constraints, and the trigram index of the customer search. Every check RAISEs when
-- the schema does not behave as the SQLite one does, so with ON_ERROR_STOP the run fails
-- at the first wrong behaviour. Everything happens in one transaction that is rolled back.
--
-- Run against a fresh database with the migrations applied, e.g.:
--   scripts/with-postgres.sh bash -c 'set -e
--     psql "$TEST_POSTGRES_URL" -qc "CREATE DATABASE schema_checks"
--     url=${TEST_POSTGRES_URL%/postgres}/schema_checks
--     for f in migrations/postgres/*.sql; do psql "$url" -q -v ON_ERROR_STOP=1 -f "$f"; done
--     psql "$url" -q -v ON_ERROR_STOP=1 -f scripts/postgres-schema-checks.sql'

\set ON_ERROR_STOP 1
BEGIN;

-- expect(condition, what): fails the run unless condition is true.
CREATE FUNCTION pg_temp.expect(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION 'CHECK FAILED: %', what;
    END IF;
END;
$$;

-- refused(statement, message): fails the run unless the statement raises an error whose
-- text contains message (or whose SQLSTATE is message). The statement's effects are undone.
CREATE FUNCTION pg_temp.refused(statement text, message text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        EXECUTE statement;
    EXCEPTION WHEN OTHERS THEN
        IF SQLERRM LIKE '%' || message || '%' OR SQLSTATE = message THEN
            RETURN;
        END IF;
        RAISE EXCEPTION 'CHECK FAILED: % raised "%" (%), expected "%"',
            statement, SQLERRM, SQLSTATE, message;
    END;
    RAISE EXCEPTION 'CHECK FAILED: % was not refused (expected "%")', statement, message;
END;
$$;

-- count_of / facet_of: what the side tables say for the test scope.
CREATE FUNCTION pg_temp.count_of(scope text, state_ text, association text) RETURNS bigint
LANGUAGE sql AS $$
    SELECT COALESCE((SELECT customers FROM customer_counts
                     WHERE reseller_id = scope AND state = state_
                       AND association_type = association), -1)
$$;
CREATE FUNCTION pg_temp.facet_of(scope text, facet_ text, value_ text) RETURNS bigint
LANGUAGE sql AS $$
    SELECT COALESCE((SELECT customers FROM customer_facets
                     WHERE reseller_id = scope AND facet = facet_ AND value = value_), -1)
$$;

-- Staff: ids come from the identity, flags are booleans with their defaults.
INSERT INTO staff (email, display_name, role, password_hash, created_at, updated_at)
VALUES ('admin@check.example', 'Check Admin', 'admin', 'x', '2026-12-02T00:00:00Z',
        '2026-12-02T00:00:00Z');
DO $$
DECLARE
    s staff;
BEGIN
    SELECT * INTO s FROM staff WHERE email = 'admin@check.example';
    PERFORM pg_temp.expect(s.id IS NOT NULL, 'staff id from the identity');
    PERFORM pg_temp.expect(s.enabled AND NOT s.demo_seeded AND NOT s.must_change_password
                           AND s.session_epoch = 0, 'staff defaults');
    PERFORM pg_temp.expect(pg_typeof(s.id)::text = 'bigint', 'staff.id is bigint');
    PERFORM pg_temp.refused(
        $q$INSERT INTO staff (email, display_name, role, password_hash, created_at, updated_at)
           VALUES ('ADMIN2@check.example', 'x', 'boss', 'x', 'now', 'now')$q$,
        'staff_role_check');
    PERFORM pg_temp.refused(
        $q$INSERT INTO staff (email, display_name, role, password_hash, created_at, updated_at)
           VALUES ('admin@check.example', 'x', 'viewer', 'x', 'now', 'now')$q$, '23505');
    PERFORM pg_temp.refused(
        $q$INSERT INTO staff_preferences (staff_id, customer_columns, updated_at)
           VALUES (-1, '', 'now')$q$, '23503');
END;
$$;

-- Customers: counts and facets follow inserts, updates and deletes.
INSERT INTO customers (customer_id, reseller_id, customer, account_name, association_type,
    associated_on, label, account_managers, email, state, level_confirmed, search_text,
    read_at)
VALUES
    ('chk-c1', 'chk-r1', 'Acme Widgets', 'acme', 'reseller', '2026-01-01T00:00:00Z', 'gold',
     'Ana Li', 'a@x', 'active', FALSE, 'acme widgets' || chr(31) || 'acme' || chr(31) || 'chk-c1', 1),
    ('chk-c2', 'chk-r1', 'Bolt Works', 'bolt', 'reseller', '2026-02-01T00:00:00Z', 'gold',
     '', 'b@x', 'active', FALSE, 'bolt works' || chr(31) || 'bolt' || chr(31) || 'chk-c2', 1),
    ('chk-c3', 'chk-r1', '', 'cog', 'referral', '2026-03-01T00:00:00Z', '',
     'Ana Li', 'c@x', 'account', TRUE, '' || chr(31) || 'cog' || chr(31) || 'chk-c3', 1);
DO $$
BEGIN
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r1', 'active', 'reseller') = 2, 'insert: active/reseller = 2');
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r1', 'account', 'referral') = 1, 'insert: account/referral = 1');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'label', 'gold') = 2, 'insert: label gold = 2');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'manager', 'Ana Li') = 2, 'insert: manager Ana Li = 2');
    PERFORM pg_temp.expect(NOT EXISTS (SELECT 1 FROM customer_facets WHERE value = ''),
                           'insert: empty label or manager is no facet');
END;
$$;

-- A sync rewriting a row with the same values changes nothing.
UPDATE customers SET reseller_id = reseller_id, state = state, label = label,
    account_managers = account_managers, association_type = association_type
WHERE customer_id = 'chk-c1';
DO $$
BEGIN
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r1', 'active', 'reseller') = 2, 'no-op update: counts');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'label', 'gold') = 2, 'no-op update: facets');
END;
$$;

-- State and association move a customer between counts.
UPDATE customers SET state = 'account_and_resource' WHERE customer_id = 'chk-c1';
UPDATE customers SET association_type = 'referral' WHERE customer_id = 'chk-c2';
DO $$
BEGIN
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r1', 'active', 'reseller') = 0, 'state update: old count');
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r1', 'account_and_resource', 'reseller') = 1, 'state update: new count');
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r1', 'active', 'referral') = 1, 'association update: new count');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'label', 'gold') = 2, 'state update leaves facets');
END;
$$;

-- Label and account managers move a customer between facets.
UPDATE customers SET label = 'silver' WHERE customer_id = 'chk-c1';
UPDATE customers SET account_managers = 'Bo Chen' WHERE customer_id = 'chk-c3';
UPDATE customers SET label = '' WHERE customer_id = 'chk-c2';
DO $$
BEGIN
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'label', 'gold') = 0, 'label update: old facet drops to 0');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'label', 'silver') = 1, 'label update: new facet');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'manager', 'Ana Li') = 1, 'manager update: old facet');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'manager', 'Bo Chen') = 1, 'manager update: new facet');
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r1', 'account_and_resource', 'reseller') = 1,
                           'facet update leaves counts');
END;
$$;

-- Moving a customer to another reseller moves its count and its facets.
UPDATE customers SET reseller_id = 'chk-r2' WHERE customer_id = 'chk-c1';
DO $$
BEGIN
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r1', 'account_and_resource', 'reseller') = 0, 'reseller update: old count');
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r2', 'account_and_resource', 'reseller') = 1, 'reseller update: new count');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'label', 'silver') = 0, 'reseller update: old label facet');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r2', 'label', 'silver') = 1, 'reseller update: new label facet');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'manager', 'Ana Li') = 0, 'reseller update: old manager facet');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r2', 'manager', 'Ana Li') = 1, 'reseller update: new manager facet');
END;
$$;

-- The mirror's upsert (as services/mirror.rs writes it, with booleans): the update path
-- fires the update triggers, and an older read changes nothing.
PREPARE upsert(text, text, text, boolean, bigint) AS
INSERT INTO customers (customer_id, reseller_id, customer, account_name, association_type,
    associated_on, label, account_managers, email, telephone, state, level_confirmed,
    search_text, read_at)
VALUES ($1, 'chk-r1', '', 'cog', 'referral', '2026-03-01T00:00:00Z', $2, 'Bo Chen', 'c@x',
        '', $3, FALSE, 'cog', $5)
ON CONFLICT (customer_id) DO UPDATE SET label = excluded.label,
    state = CASE WHEN $4 AND customers.state <> 'active' AND customers.level_confirmed
                 THEN customers.state ELSE excluded.state END,
    level_confirmed = $4 AND customers.state <> 'active' AND customers.level_confirmed,
    read_at = excluded.read_at
WHERE excluded.read_at > customers.read_at;
EXECUTE upsert('chk-c3', 'bronze', 'account', TRUE, 0);      -- older read: ignored
DO $$
BEGIN
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'label', 'bronze') = -1, 'older read changes nothing');
END;
$$;
EXECUTE upsert('chk-c3', 'bronze', 'account', TRUE, 5);      -- newer read, still frozen
EXECUTE upsert('chk-c4', '', 'active', FALSE, 5);            -- new customer
DO $$
BEGIN
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'label', 'bronze') = 1, 'upsert update path: facet');
    PERFORM pg_temp.expect((SELECT level_confirmed AND state = 'account' FROM customers
                            WHERE customer_id = 'chk-c3'), 'upsert keeps a confirmed level');
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r1', 'active', 'referral') = 2, 'upsert insert path: count');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'manager', 'Bo Chen') = 2, 'upsert insert path: facet');
END;
$$;

-- Deletes count customers out.
DELETE FROM customers WHERE customer_id IN ('chk-c3', 'chk-c4');
DO $$
BEGIN
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r1', 'account', 'referral') = 0, 'delete: count');
    PERFORM pg_temp.expect(pg_temp.count_of('chk-r1', 'active', 'referral') = 1, 'delete: count of the other');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'manager', 'Bo Chen') = 0, 'delete: manager facet');
    PERFORM pg_temp.expect(pg_temp.facet_of('chk-r1', 'label', 'bronze') = 0, 'delete: label facet');
END;
$$;

-- Types the Rust code relies on: SUM of a BIGINT is NUMERIC on PostgreSQL (so the code
-- casts it), COUNT and SUM of an INTEGER expression are BIGINT.
DO $$
BEGIN
    PERFORM pg_temp.expect((SELECT pg_typeof(SUM(customers))::text FROM customer_counts) = 'numeric',
                           'SUM(bigint) is numeric');
    PERFORM pg_temp.expect((SELECT pg_typeof(CAST(COALESCE(SUM(customers), 0) AS BIGINT))::text
                            FROM customer_counts) = 'bigint', 'the cast makes it bigint');
    PERFORM pg_temp.expect((SELECT pg_typeof(COALESCE(SUM(CASE WHEN TRUE THEN 1 ELSE 0 END), 0))::text
                            FROM customer_counts) = 'bigint', 'SUM(integer) is bigint');
END;
$$;

-- Search: LIKE '%text%' finds substrings, and the planner answers it from the trigram
-- index: with the pattern written out, and as a prepared statement with scope and pattern
-- bound and a generic plan (as sqlx sends it, after a few runs). 20,000 customers, most in
-- one scope, and a selective text: the case the index is for.
INSERT INTO customers (customer_id, reseller_id, customer, account_name, association_type,
    associated_on, label, account_managers, email, state, level_confirmed, search_text)
SELECT 'chk-bulk-' || n, CASE WHEN n % 10 = 0 THEN 'chk-b1' ELSE 'chk-b0' END, 'Customer ' || n, 'acct' || n, 'referral',
       '2026-04-01T00:00:00Z', '', '', 'x@x', 'active', FALSE,
       md5(n::text) || chr(31) || 'acct' || n || chr(31) || 'chk-bulk-' || n
FROM generate_series(1, 20000) AS n;
ANALYZE customers;
SET LOCAL enable_seqscan = off;
PREPARE search(text, text) AS
SELECT customer_id FROM customers
WHERE reseller_id = $1 AND search_text LIKE $2 ESCAPE '\'
ORDER BY associated_on DESC, customer_id DESC LIMIT 50 OFFSET 0;
-- A search of one or two characters, as customers::list sends it.
PREPARE short_search(text, text) AS
SELECT customer_id FROM customers
WHERE reseller_id = $1 AND strpos(search_text, $2) > 0
ORDER BY associated_on DESC, customer_id DESC LIMIT 50 OFFSET 0;
CREATE FUNCTION pg_temp.plan_of(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    plan text := '';
    line text;
BEGIN
    FOR line IN EXECUTE 'EXPLAIN ' || statement LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END;
$$;
DO $$
DECLARE
    plan text;
BEGIN
    PERFORM pg_temp.expect((SELECT array_agg(customer_id ORDER BY customer_id)
                            FROM customers WHERE search_text LIKE '%widget%' ESCAPE '\')
                           = ARRAY['chk-c1'], 'LIKE finds the substring');
    PERFORM pg_temp.expect((SELECT COUNT(*) FROM customers
                            WHERE search_text LIKE '%acct19%' ESCAPE '\') = 1111,
                           'LIKE counts every match');
    PERFORM pg_temp.expect((SELECT COUNT(*) FROM customers
                            WHERE search_text LIKE '%50\%\_off%' ESCAPE '\') = 0
                           AND 'x50%_offy' LIKE '%50\%\_off%' ESCAPE '\'
                           AND NOT 'x50a_offy' LIKE '%50\%\_off%' ESCAPE '\',
                           'escaped wildcards are literal');
    PERFORM pg_temp.expect(NOT EXISTS (SELECT 1 FROM customers WHERE search_text LIKE '%WIDGET%'),
                           'LIKE is case-sensitive on PostgreSQL (search_text is lower-case)');
    plan := pg_temp.plan_of($q$SELECT customer_id FROM customers WHERE reseller_id = 'chk-b0'
        AND search_text LIKE '%c4ca42%' ESCAPE '\' ORDER BY associated_on DESC LIMIT 50$q$);
    PERFORM pg_temp.expect(plan LIKE '%customers_search_trigrams%',
                           'the trigram index serves LIKE ''%text%'':' || E'\n' || plan);
    SET LOCAL plan_cache_mode = force_generic_plan;
    plan := pg_temp.plan_of($q$EXECUTE search('chk-b0', '%c4ca42%')$q$);
    RAISE NOTICE 'generic plan of the bound search:%', E'\n' || plan;
    PERFORM pg_temp.expect(plan LIKE '%customers_search_trigrams%' AND plan LIKE '%like_escape($2%',
                           'the trigram index serves a bound pattern:' || E'\n' || plan);
    -- Too short for a trigram, LIKE's generic plan would read the whole index; strpos, which
    -- the index cannot serve, keeps it out of the short searches' plans.
    plan := pg_temp.plan_of($q$EXECUTE short_search('chk-b0', 'c4')$q$);
    PERFORM pg_temp.expect(plan NOT LIKE '%customers_search_trigrams%',
                           'a short search does not read the trigram index:' || E'\n' || plan);
    SET LOCAL plan_cache_mode = auto;
    plan := pg_temp.plan_of($q$SELECT customer_id FROM customers WHERE reseller_id = 'chk-b1'
                               ORDER BY associated_on DESC, customer_id DESC LIMIT 50$q$);
    PERFORM pg_temp.expect(plan LIKE '%customers_by_scope_and_date%' AND plan NOT LIKE '%Sort%',
                           'the newest-first page walks customers_by_scope_and_date:' || E'\n' || plan);
END;
$$;
DEALLOCATE search;
DEALLOCATE short_search;
RESET enable_seqscan;
-- Chinese names: in a database whose LC_CTYPE classifies Chinese characters as letters
-- (C.UTF-8, as scripts/with-postgres.sh creates), pg_trgm takes trigrams from them, so the
-- index serves Chinese searches of three characters or more; under LC_CTYPE C it takes none.
DO $$
BEGIN
    PERFORM pg_temp.expect(cardinality(show_trgm('成都华')) > 0,
                           'pg_trgm takes trigrams from Chinese characters');
END;
$$;

-- Operation records: append-only, finished once; items written once; no items join a
-- finished record; a form token runs once.
INSERT INTO operation_records (created_at, staff_id, staff_email, operation, label_set,
    operation_label, reason, reseller_id, code_verified, api_version, details, form_token)
SELECT '2026-12-02T00:00:00.000Z', id, email, 'freeze-account', 'current', 'Freeze',
       'check', 'chk-r1', TRUE, 'v2', '{}', 'chk-token-1'
FROM staff WHERE email = 'admin@check.example';
INSERT INTO operation_items (record_id, position, customer_id, customer_name, result)
SELECT id, p, 'chk-c' || p, 'name ' || p, 'pending'
FROM operation_records, generate_series(0, 2) AS p WHERE form_token = 'chk-token-1';
DO $$
DECLARE
    r bigint := (SELECT id FROM operation_records WHERE form_token = 'chk-token-1');
    append_only constant text := 'operation records are append-only';
BEGIN
    -- A double submit of one dialog.
    PERFORM pg_temp.refused(format(
        $q$INSERT INTO operation_records (created_at, staff_id, staff_email, operation,
           label_set, operation_label, reason, reseller_id, code_verified, api_version,
           details, form_token)
           SELECT created_at, staff_id, staff_email, operation, label_set, operation_label,
           reason, reseller_id, code_verified, api_version, details, form_token
           FROM operation_records WHERE id = %s$q$, r), '23505');
    -- What the record says is fixed, including NULL to a value (IS DISTINCT FROM).
    PERFORM pg_temp.refused(format('UPDATE operation_records SET reason = %L WHERE id = %s', 'other', r), append_only);
    PERFORM pg_temp.refused(format('UPDATE operation_records SET code_verified = FALSE WHERE id = %s', r), append_only);
    PERFORM pg_temp.refused(format('UPDATE operation_records SET retry_of = id WHERE id = %s', r), append_only);
    PERFORM pg_temp.refused(format('UPDATE operation_records SET form_token = NULL WHERE id = %s', r), append_only);
    PERFORM pg_temp.refused(format('UPDATE operation_records SET staff_email = %L WHERE id = %s', 'x', r), append_only);
    PERFORM pg_temp.refused(format('DELETE FROM operation_records WHERE id = %s', r), append_only);
    PERFORM pg_temp.refused('TRUNCATE operation_records CASCADE', append_only);
    -- Items: a pending one is written once; its identity never changes; none is deleted.
    PERFORM pg_temp.refused(format('UPDATE operation_items SET customer_name = %L WHERE record_id = %s AND position = 0', 'x', r), append_only);
    PERFORM pg_temp.refused(format('UPDATE operation_items SET customer_id = %L WHERE record_id = %s AND position = 0', 'x', r), append_only);
    PERFORM pg_temp.refused(format('UPDATE operation_items SET position = 9 WHERE record_id = %s AND position = 0', r), append_only);
    -- A pending item is marked sent once, before its call goes out.
    UPDATE operation_items SET sent_at = 'sent' WHERE record_id = r AND position = 0;
    PERFORM pg_temp.refused(format('UPDATE operation_items SET sent_at = %L WHERE record_id = %s AND position = 0', 'again', r), append_only);
    PERFORM pg_temp.refused(format('UPDATE operation_items SET sent_at = NULL WHERE record_id = %s AND position = 0', r), append_only);
    UPDATE operation_items SET result = 'succeeded', request_id = 'req', finished_at = 'now'
    WHERE record_id = r AND position = 0 AND result = 'pending';
    PERFORM pg_temp.expect((SELECT result FROM operation_items WHERE record_id = r AND position = 0)
                           = 'succeeded', 'a pending item takes its result');
    PERFORM pg_temp.refused(format('UPDATE operation_items SET result = %L WHERE record_id = %s AND position = 0', 'failed', r), append_only);
    PERFORM pg_temp.refused(format('UPDATE operation_items SET error_msg = %L WHERE record_id = %s AND position = 0', 'x', r), append_only);
    PERFORM pg_temp.refused(format('DELETE FROM operation_items WHERE record_id = %s AND position = 1', r), append_only);
    PERFORM pg_temp.refused('TRUNCATE operation_items', append_only);
    -- An open record takes items; finishing it is allowed once; then it takes none.
    INSERT INTO operation_items (record_id, position, customer_id, customer_name, result)
    VALUES (r, 3, 'chk-c9', 'late', 'pending');
    UPDATE operation_records SET finished_at = '2026-12-02T00:00:01.000Z' WHERE id = r;
    PERFORM pg_temp.expect((SELECT finished_at FROM operation_records WHERE id = r) IS NOT NULL,
                           'finished_at is set once');
    PERFORM pg_temp.refused(format('UPDATE operation_records SET finished_at = %L WHERE id = %s', 'later', r), append_only);
    PERFORM pg_temp.refused(format('UPDATE operation_records SET finished_at = finished_at WHERE id = %s', r), append_only);
    PERFORM pg_temp.refused(format(
        $q$INSERT INTO operation_items (record_id, position, customer_id, customer_name, result)
           VALUES (%s, 4, 'chk-c8', 'too late', 'pending')$q$, r), append_only);
    -- An item of a finished record that is still pending may still be settled (SQLite's
    -- trigger looks only at the item), and a missing record is a foreign-key error.
    UPDATE operation_items SET result = 'applied' WHERE record_id = r AND position = 1;
    PERFORM pg_temp.refused(
        $q$INSERT INTO operation_items (record_id, position, customer_id, customer_name, result)
           VALUES (-1, 0, 'x', 'x', 'pending')$q$, '23503');
END;
$$;

-- Security events: nothing edits or deletes one.
INSERT INTO security_events (created_at, kind, actor_id, actor_email, details, client)
SELECT '2026-12-02T00:00:00.000Z', 'role-changed', id, email, 'Operator → Admin', '127.0.0.1'
FROM staff WHERE email = 'admin@check.example';
DO $$
BEGIN
    PERFORM pg_temp.refused('UPDATE security_events SET details = details', 'security events are append-only');
    PERFORM pg_temp.refused('UPDATE security_events SET client = NULL', 'security events are append-only');
    PERFORM pg_temp.refused('DELETE FROM security_events', 'security events are append-only');
    PERFORM pg_temp.refused('TRUNCATE security_events', 'security events are append-only');
    PERFORM pg_temp.expect((SELECT COUNT(*) FROM security_events WHERE kind = 'role-changed') = 1,
                           'the event stands');
END;
$$;

-- TRUNCATE of the mirror empties its side tables too.
TRUNCATE customers;
DO $$
BEGIN
    PERFORM pg_temp.expect(NOT EXISTS (SELECT 1 FROM customer_counts)
                           AND NOT EXISTS (SELECT 1 FROM customer_facets),
                           'TRUNCATE customers empties counts and facets');
END;
$$;

ROLLBACK;
\echo 'postgres-schema-checks: all checks passed'
