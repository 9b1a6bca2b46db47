//! BSS's records of a customer's budget changes (`bss_budget_records`): the only SQL on
//! that table. They are read from BSS (ListSubCustomerBudgetRecords) when the customer's
//! timeline is opened and stored, so the timeline pages them together with the dashboard's
//! own records, and still shows them when BSS cannot be reached.
//!
//! Every Set Budget the dashboard makes leaves a BSS record too. Listing both would show
//! one change twice, so the BSS record is linked to the dashboard record it confirms and
//! the timeline lists the change once, as the dashboard's entry (which has the staff
//! member, the result and the record) saying that BSS confirms it.

use std::collections::{HashMap, HashSet};

use bss::model::{BudgetOperationType, BudgetRecord, ListSubCustomerBudgetRecordsRequest};
use bss::BssClient;
use chrono::{DateTime, Duration, Utc};

use super::db::{Db, DbRow};
use super::records::{self, BudgetSet};
use super::sql::stored_time;
use super::ServiceError;
use crate::audit::{BssBudgetOperation, BssBudgetRecord};
use crate::budget::{amount_text, cents_from_amount, BudgetType};
use crate::customer::CustomerRow;

/// How far apart a dashboard Set Budget (written just before its call) and the BSS record
/// of it may be to be taken for the same change: the call with its retries, and some clock
/// difference between the dashboard's host and BSS. A change of the same amount and type
/// made elsewhere that close to the dashboard's is indistinguishable from it anyway.
const CONFIRMATION_WINDOW: Duration = Duration::minutes(5);

/// Reads every budget record BSS keeps for the customer (all pages, within the client's
/// pacing), stores those not stored yet, and links the ones the dashboard's Set Budget
/// records made to those records.
pub async fn refresh(db: &Db, bss: &BssClient, customer: &CustomerRow) -> Result<(), ServiceError> {
    let filter = ListSubCustomerBudgetRecordsRequest {
        customer_id: customer.customer_id.clone(),
        indirect_partner_id: customer.reseller_id.clone(),
        ..ListSubCustomerBudgetRecordsRequest::default()
    };
    let records = bss.list_all_sub_customer_budget_records(&filter).await?;
    store(db, &customer.customer_id, &records).await?;
    confirm(db, &customer.customer_id).await
}

/// A BSS record as stored: its natural key and what the timeline shows.
struct Stored {
    record: BssBudgetRecord,
    amount_cents: i64,
}

impl Stored {
    /// `None` for a record without the fields that identify it. A removal may come
    /// without an amount, and a record without a type has BSS's default (`MONTHLY`).
    fn from_wire(record: &BudgetRecord) -> Option<Self> {
        let time = DateTime::parse_from_rfc3339(record.operation_time.as_deref()?).ok()?;
        let operation = record.operation_type?;
        let amount = match (record.budget_amount, operation) {
            (Some(amount), _) => amount,
            (None, BudgetOperationType::Delete) => 0.0,
            (None, BudgetOperationType::Setting) => return None,
        };
        let cents = cents_from_amount(amount)?;
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        Some(Self {
            record: BssBudgetRecord {
                operation_time: stored_time(time.with_timezone(&Utc)),
                operation: match operation {
                    BudgetOperationType::Setting => BssBudgetOperation::Setting,
                    BudgetOperationType::Delete => BssBudgetOperation::Delete,
                },
                budget_amount: amount_text(cents),
                budget_type: record.budget_type.unwrap_or_default().into(),
                operator: text(&record.operator),
                partner_account_name: text(&record.partner_account_name),
                partner_corp_name: text(&record.partner_corp_name),
            },
            amount_cents: i64::try_from(cents).ok()?,
        })
    }
}

async fn store(db: &Db, customer_id: &str, records: &[BudgetRecord]) -> Result<(), ServiceError> {
    let stored_at = stored_time(Utc::now());
    // One transaction: one commit for the whole answer rather than one per record.
    let mut tx = db.begin().await?;
    for wire in records {
        let Some(Stored {
            record,
            amount_cents,
        }) = Stored::from_wire(wire)
        else {
            tracing::warn!(
                customer_id,
                ?wire,
                "a BSS budget record without a time, an operation or an amount is left out"
            );
            continue;
        };
        // BSS gives records no id: the natural key makes a record read again store nothing
        // (and two identical changes in one second are one record, which BSS cannot tell
        // apart either).
        tx.query(
            "INSERT INTO bss_budget_records (customer_id, operation_time, operation_type, \
             budget_type, amount_cents, operator, partner_corp_name, partner_account_name, \
             stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (customer_id, operation_time, operation_type, budget_type, amount_cents) \
             DO NOTHING",
        )
        .bind(customer_id)
        .bind(&record.operation_time)
        .bind(record.operation.key())
        .bind(wire_budget_type(record.budget_type))
        .bind(amount_cents)
        .bind(&record.operator)
        .bind(&record.partner_corp_name)
        .bind(&record.partner_account_name)
        .bind(&stored_at)
        .execute()
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A stored `SETTING` record not linked to a dashboard record yet.
struct Unconfirmed {
    id: i64,
    time: DateTime<Utc>,
    budget_type: BudgetType,
    amount_cents: u64,
}

/// Links each unlinked `SETTING` record to the dashboard Set Budget it is the trace of.
async fn confirm(db: &Db, customer_id: &str) -> Result<(), ServiceError> {
    let rows = db
        .query(
            "SELECT id, operation_time, budget_type, amount_cents FROM bss_budget_records \
             WHERE customer_id = $1 AND operation_type = $2 AND confirms_record_id IS NULL \
             ORDER BY operation_time, id",
        )
        .bind(customer_id)
        .bind(BssBudgetOperation::Setting.key())
        .rows()
        .await?;
    if rows.is_empty() {
        return Ok(());
    }
    let unconfirmed = rows
        .iter()
        .map(unconfirmed)
        .collect::<Result<Vec<_>, _>>()?;
    let confirmed: HashSet<i64> = db
        .query(
            "SELECT confirms_record_id FROM bss_budget_records \
             WHERE customer_id = $1 AND confirms_record_id IS NOT NULL",
        )
        .bind(customer_id)
        .scalars::<i64>()
        .await?
        .into_iter()
        .collect();
    let mut sets = records::budget_sets(db, customer_id).await?;
    sets.retain(|set| !confirmed.contains(&set.record_id));
    for (bss_id, record_id) in pair(&unconfirmed, &sets) {
        let linked = db
            .query(
                "UPDATE bss_budget_records SET confirms_record_id = $1 \
                 WHERE id = $2 AND confirms_record_id IS NULL",
            )
            .bind(record_id)
            .bind(bss_id)
            .execute()
            .await;
        match linked {
            // Another refresh of this timeline linked the record meanwhile.
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {}
            other => {
                other?;
            }
        }
    }
    Ok(())
}

fn unconfirmed(row: &DbRow) -> Result<Unconfirmed, ServiceError> {
    let id: i64 = row.try_get("id")?;
    let corrupt = || ServiceError::Record(format!("BSS budget record {id} is not as stored"));
    Ok(Unconfirmed {
        id,
        time: DateTime::parse_from_rfc3339(&row.try_get::<String>("operation_time")?)
            .map_err(|_| corrupt())?
            .with_timezone(&Utc),
        budget_type: budget_type_from_wire(&row.try_get::<String>("budget_type")?)
            .ok_or_else(corrupt)?,
        amount_cents: u64::try_from(row.try_get::<i64>("amount_cents")?).map_err(|_| corrupt())?,
    })
}

/// Pairs BSS records with the dashboard Set Budgets they confirm: the same amount and type
/// within [`CONFIRMATION_WINDOW`], the closest in time, each at most once. BSS records are
/// taken oldest first, so repeated changes to one amount pair in order.
fn pair(unconfirmed: &[Unconfirmed], sets: &[BudgetSet]) -> Vec<(i64, i64)> {
    let mut taken = HashSet::new();
    let mut pairs = Vec::new();
    for bss in unconfirmed {
        let closest = sets
            .iter()
            .filter(|set| !taken.contains(&set.record_id))
            .filter(|set| {
                set.change.budget_type == bss.budget_type
                    && set.change.cents() == Some(bss.amount_cents)
            })
            .map(|set| (set, (bss.time - set.created_at).abs()))
            .filter(|(_, apart)| *apart <= CONFIRMATION_WINDOW)
            .min_by_key(|(_, apart)| *apart);
        if let Some((set, _)) = closest {
            taken.insert(set.record_id);
            pairs.push((bss.id, set.record_id));
        }
    }
    pairs
}

/// The stored records with these ids, by id.
pub(super) async fn by_ids(
    db: &Db,
    ids: &[i64],
) -> Result<HashMap<i64, BssBudgetRecord>, ServiceError> {
    read(db, "id", ids).await
}

/// The BSS records confirming these dashboard records, by dashboard record id.
pub(super) async fn confirming(
    db: &Db,
    record_ids: &[i64],
) -> Result<HashMap<i64, BssBudgetRecord>, ServiceError> {
    read(db, "confirms_record_id", record_ids).await
}

/// The records whose `key` column is one of `values`, by that column.
async fn read(
    db: &Db,
    key: &'static str,
    values: &[i64],
) -> Result<HashMap<i64, BssBudgetRecord>, ServiceError> {
    if values.is_empty() {
        return Ok(HashMap::new());
    }
    let mut select = db.query(format!(
        "SELECT {key} AS lookup, operation_time, operation_type, budget_type, amount_cents, \
         operator, partner_corp_name, partner_account_name FROM bss_budget_records \
         WHERE {key} IN "
    ));
    select.push_bind_list(values.iter().copied());
    select
        .rows()
        .await?
        .iter()
        .map(|row| Ok((row.try_get::<i64>("lookup")?, record(row)?)))
        .collect()
}

fn record(row: &DbRow) -> Result<BssBudgetRecord, ServiceError> {
    let corrupt = |what: &str| ServiceError::Record(format!("a BSS budget record has {what}"));
    let cents: i64 = row.try_get("amount_cents")?;
    let cents = u64::try_from(cents).map_err(|_| corrupt("a negative amount"))?;
    Ok(BssBudgetRecord {
        operation_time: row.try_get("operation_time")?,
        operation: BssBudgetOperation::from_key(&row.try_get::<String>("operation_type")?)
            .ok_or_else(|| corrupt("an unknown operation type"))?,
        budget_amount: amount_text(cents),
        budget_type: budget_type_from_wire(&row.try_get::<String>("budget_type")?)
            .ok_or_else(|| corrupt("an unknown budget type"))?,
        operator: row.try_get("operator")?,
        partner_account_name: row.try_get("partner_account_name")?,
        partner_corp_name: row.try_get("partner_corp_name")?,
    })
}

/// Stored as BSS names it (`MONTHLY` / `PACKAGE`).
fn wire_budget_type(kind: BudgetType) -> &'static str {
    bss::model::BudgetType::from(kind).as_str()
}

fn budget_type_from_wire(text: &str) -> Option<BudgetType> {
    bss::model::BudgetType::from_wire(text).map(BudgetType::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::BudgetChange;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn set(record_id: i64, created_at: &str, cents: u64) -> BudgetSet {
        BudgetSet {
            record_id,
            created_at: at(created_at),
            change: BudgetChange::new(cents, BudgetType::Monthly, false),
        }
    }

    fn bss(id: i64, time: &str, cents: u64) -> Unconfirmed {
        Unconfirmed {
            id,
            time: at(time),
            budget_type: BudgetType::Monthly,
            amount_cents: cents,
        }
    }

    #[test]
    fn a_record_confirms_the_closest_set_budget_of_its_amount_and_type_once() {
        let sets = [
            set(1, "2026-12-01T10:00:00.000Z", 10_000),
            set(2, "2026-12-01T10:00:30.000Z", 10_000),
            set(3, "2026-12-01T10:01:00.000Z", 20_000),
        ];
        let unconfirmed = [
            // Closer to record 2 than to record 1.
            bss(10, "2026-12-01T10:00:31.000Z", 10_000),
            // Record 2 is taken: record 1 is next.
            bss(11, "2026-12-01T10:00:32.000Z", 10_000),
            // No set of this amount.
            bss(12, "2026-12-01T10:01:01.000Z", 30_000),
            // Record 3's amount, but made an hour later: another change.
            bss(13, "2026-12-01T11:01:00.000Z", 20_000),
        ];
        assert_eq!(pair(&unconfirmed, &sets), [(10, 2), (11, 1)]);
    }

    #[test]
    fn another_budget_type_confirms_nothing() {
        let sets = [set(1, "2026-12-01T10:00:00.000Z", 10_000)];
        let unconfirmed = [Unconfirmed {
            budget_type: BudgetType::Package,
            ..bss(10, "2026-12-01T10:00:01.000Z", 10_000)
        }];
        assert!(pair(&unconfirmed, &sets).is_empty());
    }

    #[test]
    fn a_wire_record_is_stored_with_the_timelines_time_format_and_cents() {
        let wire = BudgetRecord {
            budget_amount: Some(1200.5),
            operation_type: Some(BudgetOperationType::Setting),
            operation_time: Some("2026-12-01T10:00:00Z".into()),
            operator: Some("console_user".into()),
            budget_type: Some(bss::model::BudgetType::Package),
            partner_corp_name: None,
            partner_account_name: Some("partner".into()),
        };
        let stored = Stored::from_wire(&wire).unwrap();
        assert_eq!(stored.amount_cents, 120_050);
        assert_eq!(
            stored.record,
            BssBudgetRecord {
                operation_time: "2026-12-01T10:00:00.000Z".into(),
                operation: BssBudgetOperation::Setting,
                budget_amount: "1200.50".into(),
                budget_type: BudgetType::Package,
                operator: "console_user".into(),
                partner_account_name: "partner".into(),
                partner_corp_name: String::new(),
            }
        );
        // Without what identifies it, a record is left out rather than stored half.
        for broken in [
            BudgetRecord {
                budget_amount: None,
                ..wire.clone()
            },
            BudgetRecord {
                operation_time: Some("yesterday".into()),
                ..wire.clone()
            },
            BudgetRecord {
                operation_type: None,
                ..wire.clone()
            },
        ] {
            assert!(Stored::from_wire(&broken).is_none(), "{broken:?}");
        }
    }
}
