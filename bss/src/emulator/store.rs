//! The emulator's SQLite state. Queries are built at run time (`sqlx::query`, `QueryBuilder`)
//! in portable SQL, so no database is needed at build time.

use std::str::FromStr;

use chrono::{DateTime, TimeDelta, Utc};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteExecutor, Transaction};

use super::seed::{SeedData, RETENTION_DAYS};
use super::{catalogue, wire_time, EmulatorError, PARTNER_ACCOUNT_NAME, PARTNER_CORP_NAME};
use crate::model::{
    AccountManager, AssociationType, BillingMode, BudgetOperationType, BudgetRecord, BudgetType,
    CustomerInfo, CustomerType, EmulatedCustomer, ExpirePolicy, FreezeChange, FreezeType,
    IndirectPartner, ListCustomerOnDemandResourcesRequest, ListIndirectPartnersRequest,
    ListPayPerUseCustomerResourcesRequest, ListSubCustomerBudgetRecordsRequest,
    ListSubCustomersRequest, OnDemandResourceStatus, PrepaidResourceStatus, Resource,
    ResourceStatus, SubCustomerBudget, VerifiedStatus,
};

/// The schema, embedded at build time; applied at start-up so a file-backed emulator keeps its
/// state and gains later columns across versions.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./emulator-migrations");

/// Page size when the request gives none.
pub(crate) const DEFAULT_LIMIT: u32 = 10;

#[derive(Debug, Clone)]
pub(crate) struct Store {
    pool: SqlitePool,
}

/// One row of `customers`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct CustomerRow {
    pub customer_id: String,
    pub indirect_partner_id: Option<String>,
    pub account_name: String,
    pub customer: String,
    pub label: Option<String>,
    pub telephone: Option<String>,
    pub email: Option<String>,
    pub country_code: Option<String>,
    pub association_type: i64,
    pub verified_status: i64,
    pub customer_type: i64,
    pub customer_level: String,
    pub xaccount_id: Option<String>,
    pub xaccount_type: Option<String>,
    pub associated_on: String,
    pub account_manager: Option<String>,
    pub freeze_type: Option<String>,
    pub budget_amount_cents: Option<i64>,
    pub used_amount_cents: i64,
    pub budget_type: String,
}

impl CustomerRow {
    pub fn association_type(&self) -> Option<AssociationType> {
        AssociationType::from_code(self.association_type)
    }

    pub fn freeze_type(&self) -> Option<FreezeType> {
        self.freeze_type.as_deref().and_then(FreezeType::from_wire)
    }

    pub fn info(&self) -> CustomerInfo {
        CustomerInfo {
            customer: Some(self.customer.clone()),
            account_name: Some(self.account_name.clone()),
            customer_id: self.customer_id.clone(),
            associated_on: Some(self.associated_on.clone()),
            association_type: self.association_type(),
            label: self.label.clone(),
            telephone: self.telephone.clone(),
            verified_status: VerifiedStatus::from_code(self.verified_status),
            country_code: self.country_code.clone(),
            customer_type: CustomerType::from_code(self.customer_type),
            is_frozen: self.freeze_type.is_some(),
            account_managers: self
                .account_manager
                .iter()
                .map(|name| AccountManager {
                    account_name: name.clone(),
                })
                .collect(),
            xaccount_id: self.xaccount_id.clone(),
            xaccount_type: self.xaccount_type.clone(),
            customer_level: Some(self.customer_level.clone()),
            email: self.email.clone(),
        }
    }

    /// The budget, named by customer id when `with_id` (ListSubCustomerBudget's items).
    pub fn budget(&self, with_id: bool) -> SubCustomerBudget {
        SubCustomerBudget {
            customer_id: with_id.then(|| self.customer_id.clone()),
            budget_amount: self.budget_amount_cents.map(cents_to_amount),
            used_amount: Some(cents_to_amount(self.used_amount_cents)),
            measure_id: Some(1),
            currency: Some("USD".to_owned()),
            budget_type: BudgetType::from_wire(&self.budget_type),
        }
    }

    pub fn emulated(&self) -> EmulatedCustomer {
        EmulatedCustomer {
            customer_id: self.customer_id.clone(),
            account_name: Some(self.account_name.clone()),
            association_type: self.association_type(),
            indirect_partner_id: self.indirect_partner_id.clone(),
            freeze_type: self.freeze_type(),
        }
    }
}

/// One row of `resources`.
#[derive(sqlx::FromRow)]
pub(crate) struct ResourceRow {
    pub resource_id: String,
    pub customer_id: String,
    pub name: String,
    pub service_type: String,
    pub region: String,
    pub billing_mode: String,
    pub status: String,
    pub expire_time: Option<String>,
    pub release_time: Option<String>,
    pub effective_time: Option<String>,
    pub availability_zone: Option<String>,
    pub spec_code: Option<String>,
    pub expire_policy: Option<i64>,
}

impl ResourceRow {
    /// The stored status, written by [`resource_status_name`].
    pub fn status(&self) -> ResourceStatus {
        if self.status == resource_status_name(ResourceStatus::Stopped) {
            ResourceStatus::Stopped
        } else {
            ResourceStatus::Running
        }
    }
}

impl From<ResourceRow> for Resource {
    fn from(row: ResourceRow) -> Self {
        let status = row.status();
        Resource {
            id: row.resource_id,
            name: row.name,
            service_type: row.service_type,
            region: row.region,
            billing_mode: if row.billing_mode == "PREPAID" {
                BillingMode::Prepaid
            } else {
                BillingMode::OnDemand
            },
            status,
            expire_time: row.expire_time,
            release_time: row.release_time,
        }
    }
}

#[derive(sqlx::FromRow)]
struct BudgetRecordRow {
    budget_amount_cents: i64,
    budget_type: String,
    operation_type: String,
    operation_time: String,
    operator: String,
    partner_corp_name: String,
    partner_account_name: String,
}

impl From<BudgetRecordRow> for BudgetRecord {
    fn from(row: BudgetRecordRow) -> Self {
        BudgetRecord {
            budget_amount: Some(cents_to_amount(row.budget_amount_cents)),
            operation_type: BudgetOperationType::from_wire(&row.operation_type),
            operation_time: Some(row.operation_time),
            operator: Some(row.operator),
            budget_type: BudgetType::from_wire(&row.budget_type),
            partner_corp_name: Some(row.partner_corp_name),
            partner_account_name: Some(row.partner_account_name),
        }
    }
}

#[derive(sqlx::FromRow)]
struct IndirectPartnerRow {
    indirect_partner_id: String,
    account_name: String,
    name: String,
    mobile_phone: String,
    email: String,
    associated_on: String,
    account_manager_id: String,
    account_manager_name: String,
}

impl From<IndirectPartnerRow> for IndirectPartner {
    fn from(row: IndirectPartnerRow) -> Self {
        IndirectPartner {
            indirect_partner_id: row.indirect_partner_id,
            account_name: Some(row.account_name),
            name: Some(row.name),
            mobile_phone: Some(row.mobile_phone),
            email: Some(row.email),
            associated_on: Some(row.associated_on),
            account_manager_id: Some(row.account_manager_id),
            account_manager_name: Some(row.account_manager_name),
        }
    }
}

/// A budget change, already validated.
pub(crate) struct BudgetUpdate<'a> {
    pub customer_id: &'a str,
    pub amount_cents: i64,
    pub budget_type: BudgetType,
    pub frozen_operate_type: Option<i64>,
}

/// Amounts travel as numbers with two decimals and are kept as integer cents.
pub(crate) fn cents_to_amount(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// Adds `AND column LIKE '%value%'`, with the wildcards in `value` escaped.
fn push_contains(query: &mut QueryBuilder<'_, Sqlite>, column: &str, value: &str) {
    let escaped = value
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    query
        .push(format_args!(" AND {column} LIKE "))
        .push_bind(format!("%{escaped}%"))
        .push(" ESCAPE '\\'");
}

/// `indirect_partner_id` is NULL for the partner's own customers; comparing through COALESCE
/// matches "no reseller" with a plain bind in any SQL dialect.
const SCOPE: &str = "COALESCE(indirect_partner_id, '') = ";

impl Store {
    /// Opens (creating if needed) the database and applies the schema. `None` is a private
    /// in-memory database.
    pub async fn open(database_url: Option<&str>) -> Result<Self, EmulatorError> {
        let pool = match database_url {
            // An in-memory database lives as long as its one connection: keep it forever.
            None => {
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .min_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None)
                    .connect_with(SqliteConnectOptions::from_str("sqlite::memory:")?)
                    .await?
            }
            Some(url) => {
                let options = SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .foreign_keys(true);
                // One connection: concurrent write transactions on a WAL file fail with
                // "database is locked" when a reader upgrades (seen under 64 connections of
                // load), and an emulator limited to 10 requests/s gains nothing from more.
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .connect_with(options)
                    .await?
            }
        };
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub async fn begin(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.pool.begin().await
    }

    pub async fn is_empty(&self) -> Result<bool, sqlx::Error> {
        let customers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
            .fetch_one(&self.pool)
            .await?;
        Ok(customers == 0)
    }

    /// Inserts the seed chunk by chunk in one transaction, so that an interrupted seeding
    /// leaves an empty database (seeded again at the next start); returns the customers.
    pub async fn insert_seed(
        &self,
        chunks: impl Iterator<Item = SeedData>,
    ) -> Result<usize, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let mut customers = 0;
        for data in chunks {
            customers += data.customers.len();
            for partner in &data.indirect_partners {
                sqlx::query(
                    "INSERT INTO indirect_partners (indirect_partner_id, account_name, name, \
                 mobile_phone, email, associated_on, account_manager_id, account_manager_name) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(&partner.indirect_partner_id)
                .bind(&partner.account_name)
                .bind(&partner.name)
                .bind(&partner.mobile_phone)
                .bind(&partner.email)
                .bind(&partner.associated_on)
                .bind(&partner.account_manager_id)
                .bind(&partner.account_manager_name)
                .execute(&mut *tx)
                .await?;
            }
            for id in &data.self_managing_resellers {
                sqlx::query(
                    "UPDATE indirect_partners SET manages_restrictions = 1 \
                     WHERE indirect_partner_id = ?",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            for seeded in &data.customers {
                let info = &seeded.info;
                sqlx::query(
                "INSERT INTO customers (customer_id, indirect_partner_id, account_name, customer, \
                 label, telephone, email, country_code, association_type, verified_status, \
                 customer_type, customer_level, xaccount_id, xaccount_type, associated_on, \
                 account_manager, freeze_type, budget_amount_cents, used_amount_cents, budget_type) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&info.customer_id)
            .bind(&seeded.indirect_partner_id)
            .bind(&info.account_name)
            .bind(&info.customer)
            .bind(&info.label)
            .bind(&info.telephone)
            .bind(&info.email)
            .bind(&info.country_code)
            .bind(info.association_type.map(AssociationType::code))
            .bind(info.verified_status.map(VerifiedStatus::code))
            .bind(info.customer_type.map(CustomerType::code))
            .bind(&info.customer_level)
            .bind(&info.xaccount_id)
            .bind(&info.xaccount_type)
            .bind(&info.associated_on)
            .bind(info.account_managers.first().map(|m| &m.account_name))
            .bind(seeded.freeze_type.map(FreezeType::as_str))
            .bind(seeded.budget.map(|budget| budget.amount_cents))
            .bind(seeded.budget.map_or(0, |budget| budget.used_cents))
            .bind(seeded.budget.map_or(BudgetType::Monthly, |budget| budget.budget_type).as_str())
            .execute(&mut *tx)
            .await?;
                // A seeded budget was set when the customer was associated.
                if let (Some(budget), Some(associated_on)) = (seeded.budget, &info.associated_on) {
                    Self::record_budget_setting(
                        &mut *tx,
                        &info.customer_id,
                        budget.amount_cents,
                        budget.budget_type,
                        associated_on,
                    )
                    .await?;
                }
            }
            for seeded in &data.resources {
                let resource = &seeded.resource;
                sqlx::query(
                    "INSERT INTO resources (resource_id, customer_id, name, service_type, region, \
                 billing_mode, status, expire_time, release_time, effective_time, \
                 availability_zone, spec_code, expire_policy) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(&resource.id)
                .bind(&seeded.customer_id)
                .bind(&resource.name)
                .bind(&resource.service_type)
                .bind(&resource.region)
                .bind(billing_mode_name(resource.billing_mode))
                .bind(resource_status_name(resource.status))
                .bind(&resource.expire_time)
                .bind(&resource.release_time)
                .bind(&seeded.effective_time)
                .bind(&seeded.availability_zone)
                .bind(&seeded.spec_code)
                .bind(seeded.expire_policy.map(ExpirePolicy::code))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(customers)
    }

    /// Ends a customer's association: it and its resources are gone. False when there was
    /// no such customer.
    pub async fn remove_customer(&self, customer_id: &str) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        for table in ["resources", "budget_records"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE customer_id = ?"))
                .bind(customer_id)
                .execute(&mut *tx)
                .await?;
        }
        let removed = sqlx::query("DELETE FROM customers WHERE customer_id = ?")
            .bind(customer_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(removed > 0)
    }

    pub async fn indirect_partner_exists(&self, id: &str) -> Result<bool, sqlx::Error> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT indirect_partner_id FROM indirect_partners WHERE indirect_partner_id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// Whether reseller `id` holds the permission to restrict its own customers' purchases.
    pub async fn manages_restrictions(&self, id: &str) -> Result<bool, sqlx::Error> {
        let found: Option<bool> = sqlx::query_scalar(
            "SELECT manages_restrictions FROM indirect_partners WHERE indirect_partner_id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.unwrap_or(false))
    }

    /// The resellers that hold that permission.
    pub async fn self_managing_resellers(&self) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT indirect_partner_id FROM indirect_partners WHERE manages_restrictions \
             ORDER BY indirect_partner_id",
        )
        .fetch_all(&self.pool)
        .await
    }

    /// The customer `id` as seen by the partner (`scope` = None) or by reseller `scope`.
    pub async fn customer<'e>(
        executor: impl SqliteExecutor<'e>,
        scope: Option<&str>,
        id: &str,
    ) -> Result<Option<CustomerRow>, sqlx::Error> {
        sqlx::query_as(&format!(
            "SELECT * FROM customers WHERE customer_id = ? AND {SCOPE}?"
        ))
        .bind(id)
        .bind(scope.unwrap_or_default())
        .fetch_optional(executor)
        .await
    }

    /// The customer `id`, whichever scope it is in: the partner's own or one of its
    /// resellers'.
    pub async fn find_customer_in_any_scope(
        &self,
        id: &str,
    ) -> Result<Option<CustomerRow>, sqlx::Error> {
        sqlx::query_as("SELECT * FROM customers WHERE customer_id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    pub async fn find_customer(
        &self,
        scope: Option<&str>,
        id: &str,
    ) -> Result<Option<CustomerRow>, sqlx::Error> {
        Self::customer(&self.pool, scope, id).await
    }

    /// One page of customers matching `filter`, and the number of all matches. The order is
    /// stable: newest association first, then by customer id.
    pub async fn list_customers(
        &self,
        filter: &ListSubCustomersRequest,
    ) -> Result<(u64, Vec<CustomerRow>), sqlx::Error> {
        self.paged(
            "customers",
            |query| push_customer_filters(query, filter),
            "associated_on DESC, customer_id",
            (filter.offset, filter.limit),
        )
        .await
    }

    pub async fn list_indirect_partners(
        &self,
        filter: &ListIndirectPartnersRequest,
    ) -> Result<(u64, Vec<IndirectPartner>), sqlx::Error> {
        let (total, rows): (u64, Vec<IndirectPartnerRow>) = self
            .paged(
                "indirect_partners",
                |query| push_partner_filters(query, filter),
                "associated_on DESC, indirect_partner_id",
                (filter.offset, filter.limit),
            )
            .await?;
        Ok((total, rows.into_iter().map(IndirectPartner::from).collect()))
    }

    /// One page of rows of `table` matching the filters `push_filters` adds (from ` WHERE`
    /// on), in `order`, and the number of all matches.
    async fn paged<'a, T>(
        &self,
        table: &str,
        push_filters: impl Fn(&mut QueryBuilder<'a, Sqlite>),
        order: &str,
        (offset, limit): (Option<u32>, Option<u32>),
    ) -> Result<(u64, Vec<T>), sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        let mut count = QueryBuilder::new(format!("SELECT COUNT(*) FROM {table}"));
        push_filters(&mut count);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;

        let mut page = QueryBuilder::new(format!("SELECT * FROM {table}"));
        push_filters(&mut page);
        page.push(format_args!(" ORDER BY {order}"));
        push_page(&mut page, offset, limit);
        let rows = page.build_query_as().fetch_all(&self.pool).await?;
        Ok((u64::try_from(total).unwrap_or_default(), rows))
    }

    /// One page of the customer's pay-per-use resources not yet released, newest first, and
    /// the number of all matches.
    pub async fn on_demand_resources(
        &self,
        customer_id: &str,
        filter: &ListCustomerOnDemandResourcesRequest,
        now: DateTime<Utc>,
    ) -> Result<(u64, Vec<ResourceRow>), sqlx::Error> {
        let now = wire_time(now);
        self.paged(
            "resources",
            |query| {
                push_resources_of(query, customer_id, BillingMode::OnDemand);
                query
                    .push(" AND (release_time IS NULL OR release_time > ")
                    .push_bind(now.clone())
                    .push(")");
                if let Some(region) = given(&filter.region_code) {
                    query.push(" AND region = ").push_bind(region);
                }
                push_service_type(query, given(&filter.service_type_code));
                push_resource_ids(query, filter.resource_ids.as_deref());
                push_range(
                    query,
                    "effective_time",
                    given(&filter.effective_time_begin),
                    given(&filter.effective_time_end),
                );
                if let Some(status) = filter.status {
                    push_on_demand_status(query, status);
                }
            },
            "effective_time DESC, resource_id",
            (filter.offset, filter.limit),
        )
        .await
    }

    /// One page of the customer's prepaid resources, soonest expiry first, and the number of
    /// all matches.
    pub async fn prepaid_resources(
        &self,
        customer_id: &str,
        filter: &ListPayPerUseCustomerResourcesRequest,
        now: DateTime<Utc>,
    ) -> Result<(u64, Vec<ResourceRow>), sqlx::Error> {
        let now = wire_time(now);
        self.paged(
            "resources",
            |query| {
                push_resources_of(query, customer_id, BillingMode::Prepaid);
                push_service_type(query, filter.service_type_code.as_deref());
                push_resource_ids(query, filter.resource_ids.as_deref());
                // The emulator keeps no orders, so no resource belongs to one.
                if filter.order_id.is_some() {
                    query.push(" AND 1 = 0");
                }
                push_range(
                    query,
                    "expire_time",
                    filter.expire_time_begin.as_deref(),
                    filter.expire_time_end.as_deref(),
                );
                if let Some(statuses) = filter.status_list.as_deref().filter(|s| !s.is_empty()) {
                    push_prepaid_statuses(query, statuses, &now);
                }
                // Every seeded resource is a main one, so only_main_resource changes nothing.
            },
            "expire_time, resource_id",
            (filter.offset, filter.limit),
        )
        .await
    }

    /// The customers among `ids` in `scope`, in the order of `ids`; unknown ids are skipped.
    pub async fn customers_by_id(
        &self,
        scope: Option<&str>,
        ids: &[String],
    ) -> Result<Vec<CustomerRow>, sqlx::Error> {
        let mut query = QueryBuilder::new("SELECT * FROM customers WHERE ");
        query
            .push(SCOPE)
            .push_bind(scope.unwrap_or_default().to_owned());
        query.push(" AND customer_id IN (");
        let mut separated = query.separated(", ");
        for id in ids {
            separated.push_bind(id.clone());
        }
        query.push(")");
        let rows: Vec<CustomerRow> = query.build_query_as().fetch_all(&self.pool).await?;
        Ok(ids
            .iter()
            .filter_map(|id| rows.iter().find(|row| &row.customer_id == id).cloned())
            .collect())
    }

    /// Moves a customer from freeze level `from` to `to` (None = not frozen), stopping or
    /// restarting its pay-per-use resources when the resource-level freeze starts or ends.
    pub async fn set_freeze(
        tx: &mut Transaction<'_, Sqlite>,
        customer_id: &str,
        from: Option<FreezeType>,
        to: Option<FreezeType>,
        now: DateTime<Utc>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE customers SET freeze_type = ? WHERE customer_id = ?")
            .bind(to.map(FreezeType::as_str))
            .bind(customer_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query("INSERT INTO freeze_changes (customer_id, freeze_type) VALUES (?, ?)")
            .bind(customer_id)
            .bind(to.map(FreezeType::as_str))
            .execute(&mut **tx)
            .await?;
        let resource_level = Some(FreezeType::AccountAndResource);
        if to == resource_level {
            // Pay-per-use resources stop and are kept for the retention period; prepaid
            // ones run on until they expire.
            sqlx::query(
                "UPDATE resources SET status = 'STOPPED', release_time = ? \
                 WHERE customer_id = ? AND billing_mode = 'ON_DEMAND' AND status = 'RUNNING'",
            )
            .bind(wire_time(now + TimeDelta::days(RETENTION_DAYS)))
            .bind(customer_id)
            .execute(&mut **tx)
            .await?;
        } else if from == resource_level {
            // Only resources still within their retention period come back.
            sqlx::query(
                "UPDATE resources SET status = 'RUNNING', release_time = NULL \
                 WHERE customer_id = ? AND status = 'STOPPED' AND release_time > ?",
            )
            .bind(customer_id)
            .bind(wire_time(now))
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Every freeze level change, oldest first.
    pub async fn freeze_changes(&self) -> Result<Vec<FreezeChange>, sqlx::Error> {
        let rows: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT customer_id, freeze_type FROM freeze_changes ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(customer_id, level)| FreezeChange {
                customer_id,
                freeze_type: level.as_deref().and_then(FreezeType::from_wire),
            })
            .collect())
    }

    pub async fn update_budget(
        tx: &mut Transaction<'_, Sqlite>,
        update: &BudgetUpdate<'_>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE customers SET budget_amount_cents = ?, budget_type = ?, \
             frozen_operate_type = COALESCE(?, frozen_operate_type) WHERE customer_id = ?",
        )
        .bind(update.amount_cents)
        .bind(update.budget_type.as_str())
        .bind(update.frozen_operate_type)
        .bind(update.customer_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Appends a `SETTING` record of a budget the partner set at `operation_time`.
    pub async fn record_budget_setting<'e>(
        executor: impl SqliteExecutor<'e>,
        customer_id: &str,
        amount_cents: i64,
        budget_type: BudgetType,
        operation_time: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO budget_records (customer_id, budget_amount_cents, budget_type, \
             operation_type, operation_time, operator, partner_corp_name, partner_account_name) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(customer_id)
        .bind(amount_cents)
        .bind(budget_type.as_str())
        .bind(BudgetOperationType::Setting.as_str())
        .bind(operation_time)
        .bind(PARTNER_ACCOUNT_NAME)
        .bind(PARTNER_CORP_NAME)
        .bind(PARTNER_ACCOUNT_NAME)
        .execute(executor)
        .await?;
        Ok(())
    }

    /// One page of the customer's budget records, newest first (the latest inserted first
    /// within a second), and the number of all matches.
    pub async fn budget_records(
        &self,
        customer_id: &str,
        filter: &ListSubCustomerBudgetRecordsRequest,
    ) -> Result<(u64, Vec<BudgetRecord>), sqlx::Error> {
        let (total, rows): (u64, Vec<BudgetRecordRow>) = self
            .paged(
                "budget_records",
                |query| {
                    query.push(" WHERE customer_id = ").push_bind(customer_id);
                    if let Some(kind) = filter.operation_type {
                        query
                            .push(" AND operation_type = ")
                            .push_bind(kind.as_str());
                    }
                    if let Some(kind) = filter.budget_type {
                        query.push(" AND budget_type = ").push_bind(kind.as_str());
                    }
                },
                "operation_time DESC, id DESC",
                (filter.offset, filter.limit),
            )
            .await?;
        Ok((total, rows.into_iter().map(BudgetRecord::from).collect()))
    }

    /// The customer's resources that are not yet released, by name.
    pub async fn resources(
        &self,
        customer_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Resource>, sqlx::Error> {
        let rows: Vec<ResourceRow> = sqlx::query_as(
            "SELECT * FROM resources WHERE customer_id = ? \
             AND (release_time IS NULL OR release_time > ?) ORDER BY name, resource_id",
        )
        .bind(customer_id)
        .bind(wire_time(now))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Resource::from).collect())
    }
}

fn push_customer_filters<'a>(
    query: &mut QueryBuilder<'a, Sqlite>,
    filter: &'a ListSubCustomersRequest,
) {
    query
        .push(" WHERE ")
        .push(SCOPE)
        .push_bind(filter.indirect_partner_id.as_deref().unwrap_or_default());
    for (column, value) in [
        ("account_name", &filter.account_name),
        ("customer", &filter.customer),
        ("label", &filter.label),
    ] {
        if let Some(value) = value {
            push_contains(query, column, value);
        }
    }
    if let Some(customer_id) = &filter.customer_id {
        query.push(" AND customer_id = ").push_bind(customer_id);
    }
    if let Some(association_type) = filter.association_type {
        query
            .push(" AND association_type = ")
            .push_bind(association_type.code());
    }
    push_range(
        query,
        "associated_on",
        filter.associated_on_begin.as_deref(),
        filter.associated_on_end.as_deref(),
    );
}

fn push_partner_filters<'a>(
    query: &mut QueryBuilder<'a, Sqlite>,
    filter: &'a ListIndirectPartnersRequest,
) {
    query.push(" WHERE 1 = 1");
    if let Some(account_name) = &filter.account_name {
        push_contains(query, "account_name", account_name);
    }
    if let Some(id) = &filter.indirect_partner_id {
        query.push(" AND indirect_partner_id = ").push_bind(id);
    }
    push_range(
        query,
        "associated_on",
        filter.associated_on_begin.as_deref(),
        filter.associated_on_end.as_deref(),
    );
}

/// Adds `column` within [begin, end], for the bounds given.
fn push_range<'a>(
    query: &mut QueryBuilder<'a, Sqlite>,
    column: &str,
    begin: Option<&'a str>,
    end: Option<&'a str>,
) {
    if let Some(begin) = begin {
        query
            .push(format_args!(" AND {column} >= "))
            .push_bind(begin);
    }
    if let Some(end) = end {
        query.push(format_args!(" AND {column} <= ")).push_bind(end);
    }
}

/// A filter the on-demand query ignores when it is an empty string.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|value| !value.is_empty())
}

fn push_resources_of<'a>(
    query: &mut QueryBuilder<'a, Sqlite>,
    customer_id: &'a str,
    mode: BillingMode,
) {
    query
        .push(" WHERE customer_id = ")
        .push_bind(customer_id)
        .push(" AND billing_mode = ")
        .push_bind(billing_mode_name(mode));
}

/// Filters by BSS service type code; a code outside the catalogue matches nothing.
fn push_service_type(query: &mut QueryBuilder<'_, Sqlite>, code: Option<&str>) {
    match code.map(catalogue::service_by_code) {
        None => {}
        Some(Some(service)) => {
            query
                .push(" AND service_type = ")
                .push_bind(service.short_name);
        }
        Some(None) => {
            query.push(" AND 1 = 0");
        }
    }
}

/// An empty list is no filter.
fn push_resource_ids<'a>(query: &mut QueryBuilder<'a, Sqlite>, ids: Option<&'a [String]>) {
    let Some(ids) = ids.filter(|ids| !ids.is_empty()) else {
        return;
    };
    query.push(" AND resource_id IN (");
    let mut separated = query.separated(", ");
    for id in ids {
        separated.push_bind(id);
    }
    query.push(")");
}

/// A stopped resource is frozen, a running one normal; the emulator has no resource in the
/// other states.
fn push_on_demand_status(query: &mut QueryBuilder<'_, Sqlite>, status: OnDemandResourceStatus) {
    let stored = match status {
        OnDemandResourceStatus::Normal => ResourceStatus::Running,
        OnDemandResourceStatus::Frozen => ResourceStatus::Stopped,
        _ => {
            query.push(" AND 1 = 0");
            return;
        }
    };
    query
        .push(" AND status = ")
        .push_bind(resource_status_name(stored));
}

/// Prepaid resources are in use until they expire; none is closed or frozen (a freeze leaves
/// them running).
fn push_prepaid_statuses(
    query: &mut QueryBuilder<'_, Sqlite>,
    statuses: &[PrepaidResourceStatus],
    now: &str,
) {
    query.push(" AND (1 = 0");
    for status in statuses {
        match status {
            PrepaidResourceStatus::InUse => {
                query.push(" OR expire_time > ").push_bind(now.to_owned());
            }
            PrepaidResourceStatus::Expired => {
                query.push(" OR expire_time <= ").push_bind(now.to_owned());
            }
            PrepaidResourceStatus::Closed | PrepaidResourceStatus::Frozen => {}
        }
    }
    query.push(")");
}

fn push_page(query: &mut QueryBuilder<'_, Sqlite>, offset: Option<u32>, limit: Option<u32>) {
    query
        .push(" LIMIT ")
        .push_bind(i64::from(limit.unwrap_or(DEFAULT_LIMIT)))
        .push(" OFFSET ")
        .push_bind(i64::from(offset.unwrap_or_default()));
}

fn billing_mode_name(mode: BillingMode) -> &'static str {
    match mode {
        BillingMode::OnDemand => "ON_DEMAND",
        BillingMode::Prepaid => "PREPAID",
    }
}

fn resource_status_name(status: ResourceStatus) -> &'static str {
    match status {
        ResourceStatus::Running => "RUNNING",
        ResourceStatus::Stopped => "STOPPED",
    }
}
