//! Reading the customer list from the mirror: search, filters, sort and paging in SQL.

use sqlx::{QueryBuilder, Row, Sqlite};

use super::db::Db;
use super::ServiceError;
use crate::customer::{
    AssociationType, CustomerPage, CustomerQuery, CustomerRow, CustomerState, SortKey, SortOrder,
};

const COLUMNS: &str = "customer_id, reseller_id, customer, account_name, association_type, \
                       associated_on, label, account_managers, state, level_confirmed";

/// One page of the customers `query` selects, with the total it matches.
pub async fn list(db: &Db, query: &CustomerQuery) -> Result<CustomerPage, ServiceError> {
    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM customers");
    push_filters(&mut count, query);
    let total: i64 = count.build_query_scalar().fetch_one(db).await?;

    let mut select = QueryBuilder::<Sqlite>::new(format!("SELECT {COLUMNS} FROM customers"));
    push_filters(&mut select, query);
    let direction = match query.effective_order() {
        SortOrder::Ascending => "ASC",
        SortOrder::Descending => "DESC",
    };
    // The id breaks ties so paging is stable when many rows share a value.
    select.push(format_args!(
        " ORDER BY {} {direction}, customer_id {direction}",
        sort_column(query.sort)
    ));
    select
        .push(" LIMIT ")
        .push_bind(i64::from(query.page.page_size));
    select
        .push(" OFFSET ")
        .push_bind(i64::try_from(query.page.offset()).unwrap_or(i64::MAX));
    let rows = select.build().fetch_all(db).await?;

    Ok(CustomerPage {
        rows: rows.iter().map(customer_row).collect::<Result<_, _>>()?,
        total: u64::try_from(total).unwrap_or_default(),
        page: query.page,
    })
}

/// The customers with these ids, in the order given; unknown ids are left out.
pub async fn by_ids(db: &Db, customer_ids: &[String]) -> Result<Vec<CustomerRow>, ServiceError> {
    let mut rows = Vec::with_capacity(customer_ids.len());
    for id in customer_ids {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM customers WHERE customer_id = $1"
        ))
        .bind(id)
        .fetch_optional(db)
        .await?;
        if let Some(row) = row {
            rows.push(customer_row(&row)?);
        }
    }
    Ok(rows)
}

/// Distinct labels and account managers of a scope, for the filter pickers.
pub async fn facets(
    db: &Db,
    reseller: Option<&str>,
) -> Result<(Vec<String>, Vec<String>), ServiceError> {
    let distinct = |column: &str| {
        format!(
            "SELECT DISTINCT {column} FROM customers WHERE reseller_id = $1 AND {column} <> '' \
             ORDER BY {column}"
        )
    };
    let labels = sqlx::query_scalar(&distinct("label"))
        .bind(reseller.unwrap_or_default())
        .fetch_all(db)
        .await?;
    let managers = sqlx::query_scalar(&distinct("account_managers"))
        .bind(reseller.unwrap_or_default())
        .fetch_all(db)
        .await?;
    Ok((labels, managers))
}

fn push_filters(sql: &mut QueryBuilder<'_, Sqlite>, query: &CustomerQuery) {
    sql.push(" WHERE reseller_id = ")
        .push_bind(query.reseller.clone().unwrap_or_default());
    if !query.search.is_empty() {
        sql.push(" AND search_text LIKE ")
            .push_bind(contains_pattern(&query.search.to_lowercase()))
            .push(" ESCAPE '\\'");
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
    if !query.account_manager.is_empty() {
        sql.push(" AND account_managers LIKE ")
            .push_bind(contains_pattern(&query.account_manager))
            .push(" ESCAPE '\\'");
    }
    // Dates are stored as `YYYY-MM-DDThh:mm:ssZ`, so whole-day bounds compare as text.
    if let Some(from) = &query.associated_from {
        sql.push(" AND associated_on >= ")
            .push_bind(format!("{from}T00:00:00Z"));
    }
    if let Some(to) = &query.associated_to {
        sql.push(" AND associated_on <= ")
            .push_bind(format!("{to}T23:59:59Z"));
    }
}

/// A LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally.
fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
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

fn customer_row(row: &sqlx::sqlite::SqliteRow) -> Result<CustomerRow, ServiceError> {
    let corrupt = |what: &str, value: &str| {
        ServiceError::Invalid(format!(
            "The customer mirror holds an unknown {what} `{value}`."
        ))
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_search_text_are_literal() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
