//! The retention-deadline board's data: which frozen resources each frozen customer has (read
//! from ListCustomerOnDemandResources by a background sweep, since the board cannot wait on
//! a call per customer), the board itself, and the daily alert. The only SQL on
//! `frozen_resources`, `frozen_resource_reads`, `retention_alerts` and
//! `retention_alert_recipients`.

use std::collections::HashMap;
use std::time::Duration as Period;

use bss::model::{
    CustomerOnDemandResource, ListCustomerOnDemandResourcesRequest, OnDemandResourceStatus,
};
use bss::BssClient;
use chrono::{DateTime, Duration, Utc};
use i18n::{msg, Language};

use super::customers;
use super::db::Db;
use super::leases::{self, Holder, LeaseName};
use super::mail::{Mail, Mailer};
use super::preferences;
use super::settings;
use super::sql::{count_value, push_page, read_stored_time, stored_time};
use super::ServiceError;
use crate::paging::PageRequest;
use crate::retention::{
    alert_mail, FrozenResource, FrozenSince, RetentionBoard, RetentionEntry, RetentionSettings,
};

/// Frozen customers a sweep reads at most before it lets the board's figures catch up; the
/// next sweep goes on where it stopped.
pub const SWEEP_CUSTOMERS: usize = 100;

/// A frozen customer's resources are read again after this long: a freeze made and undone
/// in the console in between is seen then.
const REREAD_AFTER: Duration = Duration::hours(6);

/// Frozen customers whose read failed, listed on the board by name.
const LISTED_FAILURES: i64 = 20;

/// The mirror's customers `c` that are frozen and reseller-model: only those have resources
/// BSS froze.
const FROZEN: &str = "c.state <> 'active' AND c.association_type = 'reseller'";

/// How long an instance holds the sweep: [`SWEEP_CUSTOMERS`] reads take about 10 s at
/// BSS's rate of 10 calls a second.
const SWEEP_LEASE: Period = Period::from_secs(120);

/// Sweeps and sends the alert in the background every `period`, on one instance at a time:
/// the retention settings are read each time, so a change in Settings holds from the next.
pub fn spawn_sweeper(
    db: Db,
    bss: BssClient,
    mailer: Mailer,
    defaults: RetentionSettings,
    period: Period,
) {
    let holder = Holder::new_random();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = sweep_and_alert(&db, &bss, &mailer, defaults, &holder).await {
                tracing::warn!(%error, "retention sweep stopped short");
            }
        }
    });
}

async fn sweep_and_alert(
    db: &Db,
    bss: &BssClient,
    mailer: &Mailer,
    defaults: RetentionSettings,
    holder: &Holder,
) -> Result<(), ServiceError> {
    if !leases::take(db, LeaseName::RetentionSweep, holder, SWEEP_LEASE).await? {
        return Ok(());
    }
    // One sweep a period: reading thousands of frozen customers at BSS's pace is spread over
    // many periods rather than held as one long burst of calls.
    let swept = async {
        let swept = sweep(db, bss, Utc::now()).await?;
        if swept.read + swept.failed > 0 {
            tracing::info!(
                read = swept.read,
                failed = swept.failed,
                more = swept.more,
                "frozen resources read"
            );
        }
        let retention = settings::retention(db, defaults).await?;
        match send_due_alerts(db, mailer, retention, Utc::now()).await? {
            AlertOutcome::Sent {
                resources,
                recipients,
            } => tracing::info!(resources, recipients, "retention alert sent"),
            AlertOutcome::SentToday | AlertOutcome::NothingDue | AlertOutcome::NoRecipients => {}
        }
        Ok::<_, ServiceError>(())
    }
    .await;
    leases::release(db, LeaseName::RetentionSweep, holder).await?;
    swept
}

/// What one sweep did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sweep {
    pub read: usize,
    pub failed: usize,
    /// Customers were left for the next sweep.
    pub more: bool,
}

/// Reads the frozen resources of the frozen customers whose last read is missing, older than
/// their freeze, or older than [`REREAD_AFTER`], at most [`SWEEP_CUSTOMERS`] of them (those
/// known frozen at resource level first), within the client's rate limit; forgets the
/// resources of customers no longer frozen.
pub async fn sweep(db: &Db, bss: &BssClient, now: DateTime<Utc>) -> Result<Sweep, ServiceError> {
    forget_unfrozen(db).await?;
    let due: Vec<(String, String)> = db
        .query(format!(
            "SELECT c.customer_id, c.reseller_id FROM customers c WHERE {FROZEN} AND NOT EXISTS ( \
             SELECT 1 FROM frozen_resource_reads r WHERE r.customer_id = c.customer_id \
             AND r.read_at >= $1 \
             AND (c.resources_frozen_at IS NULL OR r.read_at >= c.resources_frozen_at)) \
             ORDER BY c.state = 'account_and_resource' DESC, c.customer_id LIMIT $2"
        ))
        .bind(stored_time(now - REREAD_AFTER))
        .bind(i64::try_from(SWEEP_CUSTOMERS + 1).unwrap_or(i64::MAX))
        .fetch_all()
        .await?;
    let more = due.len() > SWEEP_CUSTOMERS;
    let mut sweep = Sweep {
        read: 0,
        failed: 0,
        more,
    };
    for (customer_id, reseller_id) in due.into_iter().take(SWEEP_CUSTOMERS) {
        let reseller = Some(reseller_id).filter(|id| !id.is_empty());
        if read_customer(db, bss, &customer_id, reseller, now).await? {
            sweep.read += 1;
        } else {
            sweep.failed += 1;
        }
    }
    Ok(sweep)
}

/// Reads one customer's frozen resources and stores them; `false` when BSS refused, which is
/// stored with its sentence (and the resources stored before are kept).
async fn read_customer(
    db: &Db,
    bss: &BssClient,
    customer_id: &str,
    reseller: Option<String>,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let request = ListCustomerOnDemandResourcesRequest {
        customer_id: customer_id.to_owned(),
        indirect_partner_id: reseller,
        status: Some(OnDemandResourceStatus::Frozen),
        ..ListCustomerOnDemandResourcesRequest::default()
    };
    let listed = bss.list_all_customer_on_demand_resources(&request).await;
    let read = listed.is_ok();
    let mut tx = db.begin().await?;
    let error = match listed {
        Ok(resources) => {
            // Sightings from before the freeze this dashboard made belong to an earlier one.
            tx.query(
                "DELETE FROM frozen_resources WHERE customer_id = $1 AND first_seen_at < \
                 COALESCE((SELECT resources_frozen_at FROM customers WHERE customer_id = $1), '')",
            )
            .bind(customer_id)
            .execute()
            .await?;
            let mut forget = tx.query("DELETE FROM frozen_resources WHERE customer_id = ");
            forget.push_bind(customer_id);
            let ids: Vec<&str> = resources
                .iter()
                .filter_map(|resource| resource.resource_id.as_deref())
                .collect();
            if !ids.is_empty() {
                forget.push(" AND resource_id NOT IN ");
                forget.push_bind_list(ids.iter().copied());
            }
            forget.execute().await?;
            for resource in resources.iter().filter_map(frozen_resource) {
                tx.query(
                    "INSERT INTO frozen_resources (customer_id, resource_id, resource_name, \
                     service_type_name, resource_type_name, region_code, first_seen_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (customer_id, resource_id) DO UPDATE SET \
                     resource_name = excluded.resource_name, \
                     service_type_name = excluded.service_type_name, \
                     resource_type_name = excluded.resource_type_name, \
                     region_code = excluded.region_code",
                )
                .bind(customer_id)
                .bind(resource.resource_id)
                .bind(resource.name)
                .bind(resource.service_type_name)
                .bind(resource.resource_type_name)
                .bind(resource.region_code)
                .bind(stored_time(now))
                .execute()
                .await?;
            }
            None
        }
        Err(error) => {
            tracing::warn!(customer_id, %error, "frozen resources not read");
            // Stored for every reader, so in the log's language.
            Some(ServiceError::Bss(error).user_message().to_string())
        }
    };
    tx.query(
        "INSERT INTO frozen_resource_reads (customer_id, read_at, error) VALUES ($1, $2, $3) \
         ON CONFLICT (customer_id) DO UPDATE SET read_at = excluded.read_at, \
         error = excluded.error",
    )
    .bind(customer_id)
    .bind(stored_time(now))
    .bind(error)
    .execute()
    .await?;
    tx.commit().await?;
    Ok(read)
}

/// A listed resource with an id (BSS always gives one; a resource without cannot be shown).
fn frozen_resource(resource: &CustomerOnDemandResource) -> Option<FrozenResource> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    Some(FrozenResource {
        resource_id: resource.resource_id.clone()?,
        name: text(&resource.resource_name),
        service_type_name: text(&resource.service_type_name),
        resource_type_name: text(&resource.resource_type_name),
        region_code: text(&resource.region_code),
    })
}

/// Drops what is kept of customers that are no longer frozen (or no longer listed), so a
/// later freeze is read afresh.
async fn forget_unfrozen(db: &Db) -> Result<(), ServiceError> {
    for table in ["frozen_resources", "frozen_resource_reads"] {
        db.query(format!(
            "DELETE FROM {table} WHERE customer_id NOT IN (SELECT c.customer_id FROM \
             customers c WHERE {FROZEN})"
        ))
        .execute()
        .await?;
    }
    Ok(())
}

/// One page of the board, soonest deadline first.
pub async fn board(
    db: &Db,
    settings: RetentionSettings,
    page: PageRequest,
    now: DateTime<Utc>,
) -> Result<RetentionBoard, ServiceError> {
    let total: i64 = db
        .query(format!("SELECT COUNT(*) {}", from_frozen_resources()))
        .scalar()
        .await?;
    let unread: i64 = db
        .query(format!(
            "SELECT COUNT(*) FROM customers c WHERE {FROZEN} AND NOT EXISTS \
             (SELECT 1 FROM frozen_resource_reads r WHERE r.customer_id = c.customer_id)"
        ))
        .scalar()
        .await?;
    let failures: Vec<(String, String)> = db
        .query(format!(
            "SELECT r.customer_id, r.error FROM frozen_resource_reads r \
             JOIN customers c ON c.customer_id = r.customer_id \
             WHERE {FROZEN} AND r.error IS NOT NULL ORDER BY r.customer_id LIMIT $1"
        ))
        .bind(LISTED_FAILURES)
        .fetch_all()
        .await?;
    Ok(RetentionBoard {
        settings,
        entries: entries(db, settings, Some(page)).await?,
        total: count_value(total),
        page,
        unread: count_value(unread),
        failed_reads: failures,
        now,
    })
}

/// The frozen resources of frozen customers, joined to the mirror.
fn from_frozen_resources() -> String {
    format!(
        "FROM frozen_resources r JOIN customers c ON c.customer_id = r.customer_id WHERE {FROZEN}"
    )
}

/// The board's lines, all or one page of them, soonest first.
async fn entries(
    db: &Db,
    settings: RetentionSettings,
    page: Option<PageRequest>,
) -> Result<Vec<RetentionEntry>, ServiceError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        customer_id: String,
        resource_id: String,
        resource_name: String,
        service_type_name: String,
        resource_type_name: String,
        region_code: String,
        first_seen_at: String,
        resources_frozen_at: Option<String>,
    }
    // The dashboard's own freeze time when it is the earlier one (it always is, unless the
    // freeze it recorded followed one made elsewhere that it had already seen).
    let mut select = db.query(format!(
        "SELECT r.customer_id, r.resource_id, r.resource_name, r.service_type_name, \
         r.resource_type_name, r.region_code, r.first_seen_at, c.resources_frozen_at {} \
         ORDER BY CASE WHEN c.resources_frozen_at < r.first_seen_at \
         THEN c.resources_frozen_at ELSE r.first_seen_at END, r.customer_id, r.resource_id",
        from_frozen_resources()
    ));
    if let Some(page) = page {
        push_page(&mut select, page);
    }
    let rows: Vec<Row> = select.fetch_all().await?;
    let ids: Vec<String> = rows.iter().map(|row| row.customer_id.clone()).collect();
    let customers: HashMap<String, _> = customers::by_ids(db, &ids)
        .await?
        .into_iter()
        .map(|row| (row.customer_id.clone(), row))
        .collect();
    rows.into_iter()
        .filter_map(|row| {
            let customer = customers.get(&row.customer_id)?.clone();
            Some((row, customer))
        })
        .map(|(row, customer)| {
            let first_seen = read_stored_time(&row.first_seen_at)?;
            let frozen_since = match row.resources_frozen_at.as_deref().map(read_stored_time) {
                Some(Ok(exact)) if exact <= first_seen => FrozenSince::Exact(exact),
                _ => FrozenSince::FirstSeen(first_seen),
            };
            Ok(RetentionEntry {
                customer,
                resource: FrozenResource {
                    resource_id: row.resource_id,
                    name: row.resource_name,
                    service_type_name: row.service_type_name,
                    resource_type_name: row.resource_type_name,
                    region_code: row.region_code,
                },
                frozen_since,
                deadline: settings.deadline(frozen_since.at()),
            })
        })
        .collect()
}

/// What an alert pass did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertOutcome {
    /// Mailed this many resources to this many staff.
    Sent {
        resources: usize,
        recipients: usize,
    },
    /// Today's alert went out already; the next one goes tomorrow.
    SentToday,
    NothingDue,
    NoRecipients,
}

/// Mails the chosen staff the resources whose deadline is within the alert lead time and
/// that no alert named for that deadline yet: at most once a day, once per resource and
/// deadline. The resources are claimed before mailing, so two instances never mail the same
/// one; if every message fails they are released for the next pass.
pub async fn send_due_alerts(
    db: &Db,
    mailer: &Mailer,
    settings: RetentionSettings,
    now: DateTime<Utc>,
) -> Result<AlertOutcome, ServiceError> {
    let day_start = format!("{}T00:00:00", now.date_naive());
    let sent_today: i64 = db
        .query("SELECT COUNT(*) FROM retention_alerts WHERE sent_at >= $1")
        .bind(day_start)
        .scalar()
        .await?;
    if sent_today > 0 {
        return Ok(AlertOutcome::SentToday);
    }
    let recipients = alert_recipients(db).await?;
    if recipients.is_empty() {
        return Ok(AlertOutcome::NoRecipients);
    }
    let recipient_count = i64::try_from(recipients.len()).unwrap_or(i64::MAX);
    let mut claimed = Vec::new();
    for entry in entries(db, settings, None).await? {
        if !settings.alert_due(entry.deadline, now) {
            continue;
        }
        let inserted = db
            .query(
                "INSERT INTO retention_alerts (customer_id, resource_id, deadline, sent_at, \
                 recipients) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(entry.customer.customer_id.clone())
            .bind(entry.resource.resource_id.clone())
            .bind(entry.deadline_day().to_string())
            .bind(stored_time(now))
            .bind(recipient_count)
            .execute()
            .await?;
        if inserted == 1 {
            claimed.push(entry);
        }
    }
    if claimed.is_empty() {
        return Ok(AlertOutcome::NothingDue);
    }
    let mut delivered = 0;
    let mut last_error = None;
    for (staff_id, email, language) in &recipients {
        let (subject, body) = alert_mail(&claimed, now, *language);
        let mail = Mail {
            staff_id: *staff_id,
            to: email,
            subject: &subject,
            body: &body,
        };
        match mailer.send(db, mail, now).await {
            Ok(()) => delivered += 1,
            Err(error) => {
                tracing::warn!(%error, to = %email, "retention alert not sent");
                last_error = Some(error);
            }
        }
    }
    if delivered == 0 {
        release(db, &claimed).await?;
        let error = last_error.map_or_else(String::new, |error| error.to_string());
        return Err(ServiceError::Invalid(msg!(
            "retention-alert-not-sent",
            error = error
        )));
    }
    Ok(AlertOutcome::Sent {
        resources: claimed.len(),
        recipients: delivered,
    })
}

async fn release(db: &Db, claimed: &[RetentionEntry]) -> Result<(), ServiceError> {
    for entry in claimed {
        db.query(
            "DELETE FROM retention_alerts WHERE customer_id = $1 AND resource_id = $2 \
             AND deadline = $3",
        )
        .bind(entry.customer.customer_id.clone())
        .bind(entry.resource.resource_id.clone())
        .bind(entry.deadline_day().to_string())
        .execute()
        .await?;
    }
    Ok(())
}

/// The enabled staff the alert goes to: id, e-mail address, and the language each reads it
/// in (their choice, English if they never chose). Read before any resource is claimed, so
/// a failure here leaves nothing claimed.
async fn alert_recipients(db: &Db) -> Result<Vec<(i64, String, Language)>, ServiceError> {
    let members: Vec<(i64, String)> = db
        .query(
            "SELECT s.id, s.email FROM retention_alert_recipients a \
             JOIN staff s ON s.id = a.staff_id WHERE s.enabled ORDER BY s.id",
        )
        .fetch_all()
        .await?;
    let mut recipients = Vec::with_capacity(members.len());
    for (staff_id, email) in members {
        let language = preferences::language(db, staff_id)
            .await?
            .unwrap_or_default();
        recipients.push((staff_id, email, language));
    }
    Ok(recipients)
}

/// The staff chosen for the alert (disabled ones included: they get it again if enabled).
pub async fn alert_recipient_ids(db: &Db) -> Result<Vec<i64>, ServiceError> {
    Ok(db
        .query("SELECT staff_id FROM retention_alert_recipients ORDER BY staff_id")
        .scalars()
        .await?)
}

/// Replaces the chosen staff; ids that name no staff member are refused, changing nothing.
pub async fn set_alert_recipients(db: &Db, staff_ids: &[i64]) -> Result<(), ServiceError> {
    let mut tx = db.begin().await?;
    if !staff_ids.is_empty() {
        let mut known = tx.query("SELECT COUNT(*) FROM staff WHERE id IN ");
        known.push_bind_list(staff_ids.iter().copied());
        let known: i64 = known.scalar().await?;
        if count_value(known) != staff_ids.len() as u64 {
            return Err(ServiceError::Invalid(msg!("retention-recipients-unknown")));
        }
    }
    tx.query("DELETE FROM retention_alert_recipients")
        .execute()
        .await?;
    for id in staff_ids {
        tx.query("INSERT INTO retention_alert_recipients (staff_id) VALUES ($1)")
            .bind(*id)
            .execute()
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
