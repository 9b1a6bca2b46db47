//! A customer's timeline: the dashboard's own operation records merged with BSS's budget
//! records, newest first, paged in the database with one total. The merge's keys are the
//! one query reading both [`records`]' and [`budget_records`]' tables; each owner reads
//! its entries.

use std::time::Duration;

use i18n::Language;

use super::db::Db;
use super::sql::{count_value, push_page};
use super::{budget_records, customers, records, ServiceError};
use crate::audit::{TimelineEntry, TimelinePage, TimelineSource};
use crate::bss_codes;
use crate::customer::{AssociationType, CustomerRow};
use crate::paging::PageRequest;

/// How long opening a timeline waits for BSS's budget records (the client alone may retry
/// for minutes): staff then see what is stored, and why it may be incomplete.
const REFRESH_LIMIT: Duration = Duration::from_secs(10);

/// A timeline as staff open it, with the customer as the mirror knows it (`None` when BSS
/// no longer lists it: its records remain).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerTimeline {
    pub customer: Option<CustomerRow>,
    pub timeline: TimelinePage,
}

/// Reads BSS's budget records for the customer first, so changes made in the Huawei Cloud
/// console show up too, then one page of the timeline. When BSS cannot be read the page
/// shows what is stored, and says why in [`TimelinePage::bss_problem`], in `language`.
pub async fn open(
    db: &Db,
    bss: &bss::BssClient,
    customer_id: &str,
    page: PageRequest,
    language: Language,
) -> Result<CustomerTimeline, ServiceError> {
    let customer = customers::by_ids(db, &[customer_id.to_owned()])
        .await?
        .pop();
    // Budgets exist for reseller-model customers only; a customer the mirror does not know
    // cannot be addressed (its reseller is unknown), and what was stored of it remains.
    let bss_problem = match &customer {
        Some(row) if row.association_type == AssociationType::Reseller => {
            match tokio::time::timeout(REFRESH_LIMIT, budget_records::refresh(db, bss, row)).await {
                Ok(Ok(())) => None,
                Ok(Err(error)) => {
                    tracing::warn!(customer_id, %error, "BSS budget records not read");
                    Some(error.user_message().render(language))
                }
                // Dropped mid-way, the refresh has stored all of BSS's answer or none of it
                // (one transaction).
                Err(_) => {
                    tracing::warn!(customer_id, "BSS budget records not read in time");
                    Some(bss_codes::describe("CLIENT.TIMEOUT", "").render(language))
                }
            }
        }
        _ => None,
    };
    let mut timeline = stored(db, customer_id, page).await?;
    timeline.bss_problem = bss_problem;
    Ok(CustomerTimeline { customer, timeline })
}

/// One page of what is stored for the customer, without asking BSS. A BSS record that
/// confirms a dashboard record is not an entry of its own (see [`budget_records`]).
pub async fn stored(
    db: &Db,
    customer_id: &str,
    page: PageRequest,
) -> Result<TimelinePage, ServiceError> {
    let total: i64 = db
        .query(
            "SELECT (SELECT COUNT(*) FROM operation_items WHERE customer_id = $1) + \
             (SELECT COUNT(*) FROM bss_budget_records \
              WHERE customer_id = $1 AND confirms_record_id IS NULL)",
        )
        .bind(customer_id)
        .scalar()
        .await?;
    // Both times are RFC 3339 UTC with milliseconds, so they order as text.
    let mut keys = db
        .query(format!(
            "SELECT source, id FROM (\
             SELECT '{dashboard}' AS source, r.created_at AS at, r.id AS id \
             FROM operation_items i JOIN operation_records r ON r.id = i.record_id \
             WHERE i.customer_id = $1 \
             UNION ALL \
             SELECT '{bss}' AS source, b.operation_time AS at, b.id AS id \
             FROM bss_budget_records b \
             WHERE b.customer_id = $1 AND b.confirms_record_id IS NULL\
             ) AS entries ORDER BY at DESC, source DESC, id DESC",
            dashboard = TimelineSource::Dashboard.key(),
            bss = TimelineSource::Bss.key(),
        ))
        .bind(customer_id);
    push_page(&mut keys, page);
    let keys = keys
        .fetch_all::<(String, i64)>()
        .await?
        .into_iter()
        .map(|(source, id)| {
            TimelineSource::from_key(&source)
                .map(|source| (source, id))
                .ok_or_else(|| ServiceError::Record(format!("unknown timeline source {source}")))
        })
        .collect::<Result<Vec<_>, _>>()?;

    let ids_of = |wanted: TimelineSource| -> Vec<i64> {
        keys.iter()
            .filter(|(source, _)| *source == wanted)
            .map(|(_, id)| *id)
            .collect()
    };
    let (record_ids, bss_ids) = (
        ids_of(TimelineSource::Dashboard),
        ids_of(TimelineSource::Bss),
    );
    let mut confirmations = budget_records::confirming(db, &record_ids).await?;
    let mut dashboard: std::collections::HashMap<i64, _> =
        records::timeline_entries(db, customer_id, &record_ids)
            .await?
            .into_iter()
            .map(|mut entry| {
                entry.confirmed_by_bss = confirmations.remove(&entry.header.record_id);
                (entry.header.record_id, entry)
            })
            .collect();
    let mut from_bss = budget_records::by_ids(db, &bss_ids).await?;
    let entries = keys
        .iter()
        .map(|&(source, id)| {
            let entry = match source {
                TimelineSource::Dashboard => dashboard
                    .remove(&id)
                    .map(|entry| TimelineEntry::Dashboard(Box::new(entry))),
                TimelineSource::Bss => from_bss.remove(&id).map(TimelineEntry::Bss),
            };
            // Records are never deleted, so a key read a moment ago still has its entry.
            entry.ok_or_else(|| {
                ServiceError::Record(format!("timeline entry {} {id} vanished", source.key()))
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(TimelinePage {
        entries,
        total: count_value(total),
        page,
        bss_problem: None,
    })
}
