//! Reading the customer list from the mirror: search, filters, sort and paging in SQL. Rows
//! carry the customer's e-mail and phone masked; [`reveal_contact`] is the one way to the
//! real values, and it records who asked.

use super::db::{Backend, DbRow, Query};
use i18n::msg;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::db::Db;
use super::security_events::{self, NewSecurityEvent, Source};
use super::ServiceError;
use crate::budget::BudgetUsage;
use crate::contact::Contact;
use crate::customer::{
    AssociationType, CustomerPage, CustomerQuery, CustomerRow, CustomerState, SortKey, SortOrder,
    COUNT_CAP,
};
use crate::input::{check_customer_id, shown};
use crate::security::SecurityEventKind;
use crate::staff::Role;

const COLUMNS: &str = "customer_id, reseller_id, customer, account_name, association_type, \
                       associated_on, label, account_managers, state, level_confirmed, email, telephone, \
                       budget_cents, budget_used_cents, budget_currency, \
                       EXISTS (SELECT 1 FROM self_managing_resellers s \
                               WHERE s.reseller_id = customers.reseller_id) AS managed_by_reseller";

/// One page of the customers `query` selects, with the total it matches.
///
/// At 100,000 customers the common views do not read the whole scope: the total of a view
/// filtered by status or association at most comes from `customer_counts`, a search's
/// count stops one row past [`COUNT_CAP`], and on SQLite each search starts from the rows
/// that make it cheap ([`Access`]): the trigram index for the words it contains, the status
/// index when the status asked for is rare, and, for the page of a search matching many,
/// the sort's own index, walked until the page is full. Sorting a whole unsearched scope by
/// a column without an index still sorts it.
pub async fn list(db: &Db, query: &CustomerQuery) -> Result<CustomerPage, ServiceError> {
    let access = Access::for_filters(db, query).await?;
    let (total, capped) = if counted_by_scope(query) {
        let counted = scope_count(db, query).await?;
        (u64::try_from(counted).unwrap_or_default(), false)
    } else {
        // Reads at most one row past the cap, however many match.
        let mut count = db.query("SELECT COUNT(*) FROM (SELECT 1");
        push_filters(&mut count, query, access);
        count
            .push(" LIMIT ")
            .push_bind(i64::try_from(COUNT_CAP + 1).unwrap_or(i64::MAX))
            .push(") AS bounded");
        let counted = u64::try_from(count.scalar::<i64>().await?).unwrap_or_default();
        (counted.min(COUNT_CAP), counted > COUNT_CAP)
    };

    let mut select = db.query(format!("SELECT {COLUMNS}"));
    push_filters(&mut select, query, access.for_page(query.sort, capped));
    push_order(&mut select, query);
    select
        .push(" LIMIT ")
        .push_bind(i64::from(query.page.page_size));
    select
        .push(" OFFSET ")
        .push_bind(i64::try_from(query.page.offset()).unwrap_or(i64::MAX));
    let rows = select.rows().await?;

    Ok(CustomerPage {
        rows: rows.iter().map(customer_row).collect::<Result<_, _>>()?,
        total,
        capped,
        page: query.page,
    })
}

/// How many customers of `query`'s scope have its status and association type (each when
/// given), from `customer_counts`.
async fn scope_count(db: &Db, query: &CustomerQuery) -> Result<i64, ServiceError> {
    let mut count = db.query(
        // SUM of a BIGINT is NUMERIC on PostgreSQL.
        "SELECT CAST(COALESCE(SUM(customers), 0) AS BIGINT) FROM customer_counts \
         WHERE reseller_id = ",
    );
    count.push_bind(query.reseller.clone().unwrap_or_default());
    if let Some(state) = query.state {
        count.push(" AND state = ").push_bind(state.key());
    }
    if let Some(association) = query.association {
        count
            .push(" AND association_type = ")
            .push_bind(association.key());
    }
    Ok(count.scalar::<i64>().await?)
}

/// Searches this short go through every row of the scope: a trigram needs three characters.
const MIN_INDEXED_SEARCH_CHARS: usize = 3;

/// A status is searched in the status index, which holds the search text, when at most
/// this many customers of the scope have it (testing each there costs about 0.2 µs: 4 ms)
/// and they are at most half the scope; a status most of the scope has comes often enough
/// among a word's trigram matches that the count's first [`COUNT_CAP`] come soon.
const RARE_STATUS: i64 = 20_000;

/// Which rows a search's SQL starts from on SQLite, whose planner has no statistics to
/// choose by and would otherwise guess. PostgreSQL plans from its statistics: it gets
/// [`Access::Planner`] always.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    /// No search the trigram index can serve, or PostgreSQL: the planner chooses.
    Planner,
    /// The trigram index's matches for the search text, then the other filters.
    SearchIndex,
    /// The scope's customers of the status asked for, each tested against the search.
    StatusIndex,
    /// The scope in the sort's order through this index, each row tested.
    SortIndex(&'static str),
}

impl Access {
    async fn for_filters(db: &Db, query: &CustomerQuery) -> Result<Self, ServiceError> {
        if db.backend() != Backend::Sqlite
            || query.search.chars().count() < MIN_INDEXED_SEARCH_CHARS
        {
            return Ok(Self::Planner);
        }
        if let Some(state) = query.state {
            let (scope, of_status): (i64, i64) = db
                .query(
                    "SELECT COALESCE(SUM(customers), 0), \
                     COALESCE(SUM(CASE WHEN state = $1 THEN customers END), 0) \
                     FROM customer_counts WHERE reseller_id = $2",
                )
                .bind(state.key())
                .bind(query.reseller.clone().unwrap_or_default())
                .fetch_one()
                .await?;
            if of_status <= RARE_STATUS && of_status * 2 <= scope {
                return Ok(Self::StatusIndex);
            }
        }
        Ok(Self::SearchIndex)
    }

    /// The access for the page, given whether the count reached [`COUNT_CAP`]: a search
    /// matching that many walks the sort's index, where one row in a hundred of 100,000
    /// fills a page of 20 within about 2,000 index entries; starting from the matches would
    /// read and sort all of them.
    fn for_page(self, sort: SortKey, capped: bool) -> Self {
        match (self, sort_index(sort)) {
            (Self::SearchIndex, Some(index)) if capped => Self::SortIndex(index),
            _ => self,
        }
    }
}

/// Whether `customer_counts` holds the total: no filter other than status and association.
fn counted_by_scope(query: &CustomerQuery) -> bool {
    query.search.is_empty()
        && query.label.is_empty()
        && query.account_manager.is_empty()
        && query.associated_from.is_none()
        && query.associated_to.is_none()
        && query.budget_used.is_none()
}

/// The customers with these ids, in the order given; unknown ids are left out, and so are
/// values that are not a customer ID at all (which no mirror row has, and some of which,
/// such as text with NUL, PostgreSQL refuses to compare). One query for all of them: a
/// batch of 5,000 is a statement, not 5,000 round trips.
pub async fn by_ids(db: &Db, customer_ids: &[String]) -> Result<Vec<CustomerRow>, ServiceError> {
    by_ids_with(db, customer_ids, Contacts::Masked).await
}

/// How a row carries the customer's e-mail and phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Contacts {
    /// As every listing shows them.
    Masked,
    /// The real values: only for an admin's full-values export, which records the event.
    Full,
}

/// [`by_ids`], with the contacts as `contacts` says.
pub(super) async fn by_ids_with(
    db: &Db,
    customer_ids: &[String],
    contacts: Contacts,
) -> Result<Vec<CustomerRow>, ServiceError> {
    let ids: Vec<&String> = customer_ids
        .iter()
        .filter(|id| check_customer_id(id).is_ok())
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut select = db.query(format!(
        "SELECT {COLUMNS} FROM customers WHERE customer_id IN "
    ));
    select.push_bind_list(ids.iter().map(|id| id.as_str()));
    let mut found: HashMap<String, CustomerRow> = select
        .rows()
        .await?
        .iter()
        .map(|row| customer_row_with(row, contacts).map(|row| (row.customer_id.clone(), row)))
        .collect::<Result<_, _>>()?;
    Ok(ids.into_iter().filter_map(|id| found.remove(id)).collect())
}

/// Where the previous page of [`page_after`] ended: the last row's sort value and id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Cursor {
    sort_value: String,
    customer_id: String,
}

/// Up to `limit` customers `query` selects, in the list's order, after `after`: every page
/// of the view, read by keyset (sort value, then id, as the list's ORDER BY), so each page
/// is one short query and a customer is never read twice however the mirror changes
/// between pages. The page's own number and size are ignored.
pub(super) async fn page_after(
    db: &Db,
    query: &CustomerQuery,
    after: Option<&Cursor>,
    limit: i64,
    contacts: Contacts,
) -> Result<Vec<(CustomerRow, Cursor)>, ServiceError> {
    let column = sort_column(query.sort);
    let mut select = db.query(format!("SELECT {COLUMNS}"));
    push_filters(&mut select, query, Access::Planner);
    if let Some(after) = after {
        let beyond = match query.effective_order() {
            SortOrder::Ascending => ">",
            SortOrder::Descending => "<",
        };
        select
            .push(format_args!(" AND ({column} {beyond} "))
            .push_bind(after.sort_value.clone())
            .push(format_args!(" OR ({column} = "))
            .push_bind(after.sort_value.clone())
            .push(format_args!(" AND customer_id {beyond} "))
            .push_bind(after.customer_id.clone())
            .push("))");
    }
    push_order(&mut select, query);
    select.push(" LIMIT ").push_bind(limit);
    select
        .rows()
        .await?
        .iter()
        .map(|row| {
            let cursor = Cursor {
                sort_value: row.try_get(column)?,
                customer_id: row.try_get("customer_id")?,
            };
            Ok((customer_row_with(row, contacts)?, cursor))
        })
        .collect()
}

/// The customer's real e-mail and phone for the staff member `source` names, who must be an
/// operator or admin (viewers see masked values only). The security event saying who looked
/// at whose contact is written in the same transaction: no reveal without its event.
pub async fn reveal_contact(
    db: &Db,
    customer_id: &str,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<Contact, ServiceError> {
    if !source
        .actor
        .is_some_and(|actor| actor.role.allows(Role::Operator))
    {
        return Err(ServiceError::Forbidden(msg!("contact-operators-only")));
    }
    check_customer_id(customer_id).map_err(ServiceError::Invalid)?;
    let mut tx = db.begin().await?;
    let found: Option<(String, String, String)> = tx
        .query("SELECT account_name, email, telephone FROM customers WHERE customer_id = $1")
        .bind(customer_id)
        .fetch_optional()
        .await?;
    let (account_name, email, telephone) = found.ok_or_else(|| {
        ServiceError::Invalid(msg!("customer-not-listed", customer = shown(customer_id)))
    })?;
    let event = NewSecurityEvent {
        kind: SecurityEventKind::ContactRevealed,
        source,
        subject: None,
        details: format!("Customer {customer_id} ({account_name})"),
        at: now,
    };
    security_events::record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(Contact::revealed(&email, &telephone))
}

/// Distinct labels and account managers of a scope, for the filter pickers. They come
/// from `customer_facets`, which triggers keep in step with the mirror.
pub async fn facets(
    db: &Db,
    reseller: Option<&str>,
) -> Result<(Vec<String>, Vec<String>), ServiceError> {
    let rows: Vec<(String, String)> = db
        .query(
            "SELECT facet, value FROM customer_facets WHERE reseller_id = $1 \
         AND facet IN ('label', 'manager') AND customers > 0 ORDER BY value",
        )
        .bind(reseller.unwrap_or_default())
        .fetch_all()
        .await?;
    let (labels, managers): (Vec<_>, Vec<_>) =
        rows.into_iter().partition(|(facet, _)| facet == "label");
    let values = |rows: Vec<(String, String)>| rows.into_iter().map(|(_, value)| value).collect();
    Ok((values(labels), values(managers)))
}

/// The FROM and WHERE clauses of `query`, read through `access`.
fn push_filters(sql: &mut Query<'_>, query: &CustomerQuery, access: Access) {
    let search = query.search.to_lowercase();
    match access {
        // On PostgreSQL the LIKE below reads the trigram index of `search_text` by itself.
        Access::Planner => sql.push(" FROM customers WHERE reseller_id = "),
        // The index gives the rows containing every trigram of the text in order; CROSS
        // JOIN keeps SQLite from walking a sort index and probing the index per row instead.
        Access::SearchIndex => sql
            .push(
                " FROM customer_search CROSS JOIN customers \
                 ON customers.rowid = customer_search.rowid WHERE customer_search MATCH ",
            )
            .push_bind(fts_phrase(&search))
            .push(" AND reseller_id = "),
        Access::StatusIndex => {
            sql.push(" FROM customers INDEXED BY customers_by_scope_and_state WHERE reseller_id = ")
        }
        Access::SortIndex(index) => sql.push(format_args!(
            " FROM customers INDEXED BY {index} WHERE reseller_id = "
        )),
    };
    sql.push_bind(query.reseller.clone().unwrap_or_default());
    if !search.is_empty() {
        if search.chars().count() < MIN_INDEXED_SEARCH_CHARS && sql.backend() == Backend::Postgres {
            // A statement of its own, which the trigram index cannot serve, for the searches
            // it has no trigram for (a Chinese brand is two characters): sharing the LIKE's,
            // PostgreSQL's generic plan for it, chosen after a few short searches, reads the
            // whole trigram index for each (200 ms instead of a 20 ms scan of 100,000 rows).
            sql.push(" AND strpos(customers.search_text, ")
                .push_bind(search)
                .push(") > 0");
        } else {
            // Also for indexed searches: the index may fold case more widely than LIKE, and
            // this keeps the match exactly what it was.
            sql.push(" AND customers.search_text LIKE ")
                .push_bind(super::sql::contains_pattern(&search))
                .push(" ESCAPE '\\'");
        }
    }
    if let Some(state) = query.state {
        sql.push(" AND state = ").push_bind(state.key());
    }
    if let Some(association) = query.association {
        sql.push(" AND association_type = ")
            .push_bind(association.key());
    }
    if !query.label.is_empty() {
        sql.push(" AND label = ").push_bind(query.label.clone());
    }
    super::sql::push_contains(sql, "account_managers", &query.account_manager);
    // Dates are stored as `YYYY-MM-DDThh:mm:ssZ`, so whole-day bounds compare as text.
    if let Some(from) = &query.associated_from {
        sql.push(" AND associated_on >= ")
            .push_bind(format!("{from}T00:00:00Z"));
    }
    if let Some(to) = &query.associated_to {
        sql.push(" AND associated_on <= ")
            .push_bind(format!("{to}T23:59:59Z"));
    }
    // `BudgetUsage::used_at_least`, in whole cents: no rounding decides who is in.
    if let Some(percent) = query.budget_used {
        sql.push(" AND (budget_cents = 0 OR budget_used_cents * 100 >= ")
            .push_bind(i64::from(percent))
            .push(" * budget_cents)");
    }
}

/// The ORDER BY clause of `query`. The id breaks ties so paging is stable when many rows
/// share a value.
fn push_order(sql: &mut Query<'_>, query: &CustomerQuery) {
    let direction = match query.effective_order() {
        SortOrder::Ascending => "ASC",
        SortOrder::Descending => "DESC",
    };
    sql.push(format_args!(
        " ORDER BY {} {direction}, customer_id {direction}",
        sort_column(query.sort)
    ));
}

/// An FTS5 query matching `text` as one phrase: with the trigram tokenizer, the rows whose
/// search text contains it. Inside double quotes only the quote itself is special.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The index (`customer_sort_indexes` migration) that lists a scope in `sort`'s order, ties
/// broken by id, when there is one.
fn sort_index(sort: SortKey) -> Option<&'static str> {
    match sort {
        SortKey::Customer => Some("customers_by_scope_and_name"),
        SortKey::AccountName => Some("customers_by_scope_and_account_name"),
        SortKey::AssociatedOn => Some("customers_by_scope_and_date"),
        SortKey::Label => Some("customers_by_scope_and_label"),
        SortKey::CustomerId
        | SortKey::AssociationType
        | SortKey::AccountManager
        | SortKey::Status => None,
    }
}

/// Sort columns come from this fixed list, never from the request.
fn sort_column(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Customer => "customer",
        SortKey::AccountName => "account_name",
        SortKey::CustomerId => "customer_id",
        SortKey::AssociationType => "association_type",
        SortKey::AssociatedOn => "associated_on",
        SortKey::Label => "label",
        SortKey::AccountManager => "account_managers",
        SortKey::Status => "state",
    }
}

fn customer_row(row: &DbRow) -> Result<CustomerRow, ServiceError> {
    customer_row_with(row, Contacts::Masked)
}

fn customer_row_with(row: &DbRow, contacts: Contacts) -> Result<CustomerRow, ServiceError> {
    let corrupt = |what: &str, value: &str| {
        ServiceError::Invalid(msg!("mirror-corrupt", what = what, value = value))
    };
    let association: String = row.try_get("association_type")?;
    let state: String = row.try_get("state")?;
    let reseller: String = row.try_get("reseller_id")?;
    Ok(CustomerRow {
        customer_id: row.try_get("customer_id")?,
        reseller_id: Some(reseller).filter(|r| !r.is_empty()),
        customer: row.try_get("customer")?,
        account_name: row.try_get("account_name")?,
        association_type: AssociationType::from_key(&association)
            .ok_or_else(|| corrupt("association type", &association))?,
        associated_on: row.try_get("associated_on")?,
        label: row.try_get("label")?,
        account_managers: row.try_get("account_managers")?,
        state: CustomerState::from_key(&state).ok_or_else(|| corrupt("state", &state))?,
        level_confirmed: row.try_get("level_confirmed")?,
        contact: {
            let (email, telephone): (String, String) =
                (row.try_get("email")?, row.try_get("telephone")?);
            match contacts {
                Contacts::Masked => Contact::masked(&email, &telephone),
                Contacts::Full => Contact::revealed(&email, &telephone),
            }
        },
        budget: budget_usage(row)?,
        managed_by_reseller: row.try_get("managed_by_reseller")?,
    })
}

fn budget_usage(row: &DbRow) -> Result<Option<BudgetUsage>, ServiceError> {
    let cents = |column: &str| -> Result<Option<u64>, ServiceError> {
        Ok(row
            .try_get::<Option<i64>>(column)?
            .map(|cents| u64::try_from(cents).unwrap_or_default()))
    };
    Ok(
        match (cents("budget_cents")?, cents("budget_used_cents")?) {
            (Some(budget_cents), used) => Some(BudgetUsage {
                budget_cents,
                used_cents: used.unwrap_or_default(),
                currency: row.try_get("budget_currency")?,
            }),
            (None, _) => None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::FreezeLevel;

    /// SQLite's plan for `explain` (an `EXPLAIN QUERY PLAN` statement), one line per step.
    async fn plan(explain: Query<'_>) -> Vec<String> {
        explain
            .rows()
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get::<String>("detail").unwrap())
            .collect()
    }

    /// The plan for the page of `query` read through `access`.
    async fn page_plan(db: &Db, query: &CustomerQuery, access: Access) -> String {
        let mut explain = db.query(format!("EXPLAIN QUERY PLAN SELECT {COLUMNS}"));
        push_filters(&mut explain, query, access);
        push_order(&mut explain, query);
        explain.push(" LIMIT 20");
        plan(explain).await.join("\n")
    }

    #[tokio::test]
    async fn pages_walk_their_indexes_and_statuses_test_the_search_in_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("plans.db").display());
        let db = super::super::db::connect(&url).await.unwrap();
        for sort in SortKey::ALL {
            let Some(index) = sort_index(sort) else {
                continue;
            };
            for order in [SortOrder::Ascending, SortOrder::Descending] {
                let query = CustomerQuery {
                    search: "gmbh".to_owned(),
                    state: Some(CustomerState::Active),
                    sort,
                    order: Some(order),
                    ..CustomerQuery::default()
                };
                let plan = page_plan(&db, &query, Access::SortIndex(index)).await;
                // In the index's order, so nothing is sorted: the walk stops at 20 rows.
                assert!(
                    plan.contains(index) && !plan.contains("TEMP B-TREE"),
                    "{sort:?}: {plan}"
                );
            }
        }

        let rare = CustomerQuery {
            search: "gmbh".to_owned(),
            state: Some(CustomerState::Frozen(FreezeLevel::Account)),
            ..CustomerQuery::default()
        };
        let mut count = db.query("EXPLAIN QUERY PLAN SELECT 1");
        push_filters(&mut count, &rare, Access::StatusIndex);
        let plan = plan(count).await;
        // The search text is tested in the index: no row is read for the count.
        assert_eq!(
            plan,
            ["SEARCH customers USING COVERING INDEX customers_by_scope_and_state (reseller_id=? AND state=?)"]
        );
    }
}
