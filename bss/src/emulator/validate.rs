//! Request parsing and validation: every failure is a 400 `CBC.0100` naming the field.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use chrono::NaiveDateTime;
use serde::de::DeserializeOwned;
use url::form_urlencoded;

use super::ApiError;
use crate::model::{
    BudgetOperationType, BudgetType, FreezeSubCustomersRequest, LegacyOperationRequest,
    ListCustomerOnDemandResourcesRequest, ListIndirectPartnersRequest,
    ListPayPerUseCustomerResourcesRequest, ListSubCustomerBudgetRecordsRequest,
    ListSubCustomerBudgetRequest, ListSubCustomersRequest, UnfreezeSubCustomersRequest,
    UpdateSubCustomerBudgetRequest, MAX_IDS_PER_BUDGET_QUERY,
};

/// The documented limits.
pub(crate) const MAX_IDS_PER_OPERATION: usize = 10;
const MAX_REASON_CHARS: usize = 256;
const MAX_TEXT_CHARS: usize = 64;
/// ListSubCustomers' and ListIndirectPartners' offset bound.
const MAX_LISTING_OFFSET: u32 = 40_000_000;
/// The newer queries (resources, budget records) take any non-negative 32-bit offset.
const MAX_QUERY_OFFSET: u32 = i32::MAX as u32;
const MAX_RESOURCE_IDS: usize = 50;
const MAX_LIMIT: u32 = 100;
const MAX_BUDGET_AMOUNT: f64 = 2_147_483_647.0;
const DATE_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// A request type's own field rules, checked after it parsed.
pub(crate) trait Validate {
    fn validate(&self) -> Result<(), ApiError>;
}

/// A JSON body that parsed into `T` and passed `T`'s rules. An empty body counts as `{}`.
pub(crate) struct Valid<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Validate> FromRequest<S> for Valid<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| ApiError::invalid(rejection.body_text()))?;
        let body: &[u8] = if bytes.trim_ascii().is_empty() {
            b"{}"
        } else {
            &bytes
        };
        let value: T =
            serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(body))
                .map_err(|error| match error.path().to_string().as_str() {
                    "." => ApiError::invalid(format!("Invalid request body: {}", error.inner())),
                    field => {
                        ApiError::invalid(format!("Invalid parameter {field}: {}", error.inner()))
                    }
                })?;
        value.validate()?;
        Ok(Self(value))
    }
}

fn text(field: &str, value: Option<&str>, max_chars: usize) -> Result<(), ApiError> {
    match value {
        Some(value) if value.chars().count() > max_chars => Err(ApiError::invalid(format!(
            "Invalid parameter {field}: at most {max_chars} characters are allowed."
        ))),
        _ => Ok(()),
    }
}

fn required_text(field: &str, value: &str, max_chars: usize) -> Result<(), ApiError> {
    if value.is_empty() {
        return Err(ApiError::invalid(format!(
            "Invalid parameter {field}: it is required."
        )));
    }
    text(field, Some(value), max_chars)
}

pub(crate) fn customer_ids(field: &str, ids: &[String], max: usize) -> Result<(), ApiError> {
    if ids.is_empty() || ids.len() > max {
        return Err(ApiError::invalid(format!(
            "Invalid parameter {field}: 1 to {max} customer ids are allowed, {} given.",
            ids.len()
        )));
    }
    ids.iter()
        .try_for_each(|id| required_text(field, id, MAX_TEXT_CHARS))
}

/// Reasons are counted in characters, not bytes.
fn reason(value: &str) -> Result<(), ApiError> {
    required_text("reason", value, MAX_REASON_CHARS)
}

fn date(field: &str, value: Option<&str>) -> Result<(), ApiError> {
    match value {
        Some(value) if NaiveDateTime::parse_from_str(value, DATE_FORMAT).is_err() => {
            Err(ApiError::invalid(format!(
                "Invalid parameter {field}: expected UTC time as YYYY-MM-DDThh:mm:ssZ."
            )))
        }
        _ => Ok(()),
    }
}

fn page(offset: Option<u32>, limit: Option<u32>, max_offset: u32) -> Result<(), ApiError> {
    if offset.is_some_and(|offset| offset > max_offset) {
        return Err(ApiError::invalid(format!(
            "Invalid parameter offset: it must be between 0 and {max_offset}."
        )));
    }
    if limit.is_some_and(|limit| !(1..=MAX_LIMIT).contains(&limit)) {
        return Err(ApiError::invalid(format!(
            "Invalid parameter limit: it must be between 1 and {MAX_LIMIT}."
        )));
    }
    Ok(())
}

/// Budget amounts: in (0, 2147483647] with at most two decimals. Returns the amount in cents.
pub(crate) fn budget_amount_cents(amount: f64) -> Result<i64, ApiError> {
    let cents = amount * 100.0;
    if !(amount > 0.0 && amount <= MAX_BUDGET_AMOUNT) || (cents - cents.round()).abs() > 1e-6 {
        return Err(ApiError::invalid(
            "Invalid parameter budget_amount: it must be greater than 0 and at most 2147483647, \
             with at most two decimals.",
        ));
    }
    Ok(cents.round() as i64)
}

impl Validate for ListSubCustomersRequest {
    fn validate(&self) -> Result<(), ApiError> {
        text("account_name", self.account_name.as_deref(), MAX_TEXT_CHARS)?;
        text("customer", self.customer.as_deref(), MAX_TEXT_CHARS)?;
        text("label", self.label.as_deref(), MAX_TEXT_CHARS)?;
        text("customer_id", self.customer_id.as_deref(), MAX_TEXT_CHARS)?;
        text(
            "indirect_partner_id",
            self.indirect_partner_id.as_deref(),
            MAX_TEXT_CHARS,
        )?;
        date("associated_on_begin", self.associated_on_begin.as_deref())?;
        date("associated_on_end", self.associated_on_end.as_deref())?;
        page(self.offset, self.limit, MAX_LISTING_OFFSET)
    }
}

/// The fields freeze and unfreeze share (the type is checked while parsing).
fn operation(
    ids: &[String],
    reason_text: &str,
    indirect_partner_id: Option<&str>,
) -> Result<(), ApiError> {
    customer_ids("customer_ids", ids, MAX_IDS_PER_OPERATION)?;
    reason(reason_text)?;
    text("indirect_partner_id", indirect_partner_id, MAX_TEXT_CHARS)
}

impl Validate for FreezeSubCustomersRequest {
    fn validate(&self) -> Result<(), ApiError> {
        operation(
            &self.customer_ids,
            &self.reason,
            self.indirect_partner_id.as_deref(),
        )
    }
}

impl Validate for UnfreezeSubCustomersRequest {
    fn validate(&self) -> Result<(), ApiError> {
        operation(
            &self.customer_ids,
            &self.reason,
            self.indirect_partner_id.as_deref(),
        )
    }
}

impl Validate for LegacyOperationRequest {
    fn validate(&self) -> Result<(), ApiError> {
        customer_ids("customerIds", &self.customer_ids, MAX_IDS_PER_OPERATION)?;
        reason(&self.reason)
    }
}

impl Validate for UpdateSubCustomerBudgetRequest {
    fn validate(&self) -> Result<(), ApiError> {
        required_text("customer_id", &self.customer_id, MAX_TEXT_CHARS)?;
        text(
            "indirect_partner_id",
            self.indirect_partner_id.as_deref(),
            MAX_TEXT_CHARS,
        )?;
        budget_amount_cents(self.budget_amount).map(drop)
    }
}

impl Validate for ListSubCustomerBudgetRequest {
    fn validate(&self) -> Result<(), ApiError> {
        customer_ids("customer_ids", &self.customer_ids, MAX_IDS_PER_BUDGET_QUERY)?;
        text(
            "indirect_partner_id",
            self.indirect_partner_id.as_deref(),
            MAX_TEXT_CHARS,
        )
    }
}

impl Validate for ListIndirectPartnersRequest {
    fn validate(&self) -> Result<(), ApiError> {
        text("account_name", self.account_name.as_deref(), MAX_TEXT_CHARS)?;
        text(
            "indirect_partner_id",
            self.indirect_partner_id.as_deref(),
            MAX_TEXT_CHARS,
        )?;
        date("associated_on_begin", self.associated_on_begin.as_deref())?;
        date("associated_on_end", self.associated_on_end.as_deref())?;
        page(self.offset, self.limit, MAX_LISTING_OFFSET)
    }
}

fn resource_ids(ids: Option<&[String]>) -> Result<(), ApiError> {
    match ids {
        Some(ids) if ids.len() > MAX_RESOURCE_IDS => Err(ApiError::invalid(format!(
            "Invalid parameter resource_ids: at most {MAX_RESOURCE_IDS} ids are allowed, {} given.",
            ids.len()
        ))),
        _ => Ok(()),
    }
}

impl Validate for ListCustomerOnDemandResourcesRequest {
    fn validate(&self) -> Result<(), ApiError> {
        required_text("customer_id", &self.customer_id, MAX_TEXT_CHARS)?;
        text("region_code", self.region_code.as_deref(), MAX_TEXT_CHARS)?;
        text(
            "service_type_code",
            self.service_type_code.as_deref(),
            MAX_TEXT_CHARS,
        )?;
        text(
            "indirect_partner_id",
            self.indirect_partner_id.as_deref(),
            MAX_TEXT_CHARS,
        )?;
        resource_ids(self.resource_ids.as_deref())?;
        // An empty string is "no filter" here, not a malformed time.
        for (field, value) in [
            ("effective_time_begin", &self.effective_time_begin),
            ("effective_time_end", &self.effective_time_end),
        ] {
            date(field, value.as_deref().filter(|value| !value.is_empty()))?;
        }
        page(self.offset, self.limit, MAX_QUERY_OFFSET)
    }
}

impl Validate for ListPayPerUseCustomerResourcesRequest {
    fn validate(&self) -> Result<(), ApiError> {
        required_text("customer_id", &self.customer_id, MAX_TEXT_CHARS)?;
        if let Some(code) = &self.service_type_code {
            required_text("service_type_code", code, MAX_TEXT_CHARS)?;
        }
        text("order_id", self.order_id.as_deref(), MAX_TEXT_CHARS)?;
        resource_ids(self.resource_ids.as_deref())?;
        date("expire_time_begin", self.expire_time_begin.as_deref())?;
        date("expire_time_end", self.expire_time_end.as_deref())?;
        page(self.offset, self.limit, MAX_QUERY_OFFSET)
    }
}

/// The query of the `GET` endpoints: `customer_id` and `indirect_partner_id`, both ≤64.
pub(crate) struct CustomerQuery {
    pub customer_id: Option<String>,
    pub indirect_partner_id: Option<String>,
}

impl CustomerQuery {
    pub fn required_customer_id(&self) -> Result<&str, ApiError> {
        let customer_id = self.customer_id.as_deref().unwrap_or_default();
        required_text("customer_id", customer_id, MAX_TEXT_CHARS)?;
        Ok(customer_id)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CustomerQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let mut query = Self {
            customer_id: None,
            indirect_partner_id: None,
        };
        for (name, value) in
            form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
        {
            match name.as_ref() {
                "customer_id" => query.customer_id = Some(value.into_owned()),
                "indirect_partner_id" => query.indirect_partner_id = Some(value.into_owned()),
                _ => {}
            }
        }
        text("customer_id", query.customer_id.as_deref(), MAX_TEXT_CHARS)?;
        text(
            "indirect_partner_id",
            query.indirect_partner_id.as_deref(),
            MAX_TEXT_CHARS,
        )?;
        Ok(query)
    }
}

/// ListSubCustomerBudgetRecords' query parameters, parsed and checked; unknown ones are
/// ignored, as for [`CustomerQuery`].
pub(crate) struct BudgetRecordsQuery(pub ListSubCustomerBudgetRecordsRequest);

impl<S: Send + Sync> FromRequestParts<S> for BudgetRecordsQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let mut request = ListSubCustomerBudgetRecordsRequest::default();
        for (name, value) in
            form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
        {
            match name.as_ref() {
                "customer_id" => request.customer_id = value.into_owned(),
                "indirect_partner_id" => request.indirect_partner_id = Some(value.into_owned()),
                // An empty value is refused like any other unknown one.
                "operation_type" => {
                    request.operation_type = Some(query_value(
                        "operation_type",
                        &value,
                        BudgetOperationType::from_wire,
                        "SETTING or DELETE",
                    )?);
                }
                "budget_type" => {
                    request.budget_type = Some(query_value(
                        "budget_type",
                        &value,
                        BudgetType::from_wire,
                        "MONTHLY or PACKAGE",
                    )?);
                }
                "offset" => {
                    request.offset = Some(query_value(
                        "offset",
                        &value,
                        |value| value.parse().ok(),
                        "an integer",
                    )?);
                }
                "limit" => {
                    request.limit = Some(query_value(
                        "limit",
                        &value,
                        |value| value.parse().ok(),
                        "an integer",
                    )?);
                }
                _ => {}
            }
        }
        required_text("customer_id", &request.customer_id, MAX_TEXT_CHARS)?;
        text(
            "indirect_partner_id",
            request.indirect_partner_id.as_deref(),
            MAX_TEXT_CHARS,
        )?;
        page(request.offset, request.limit, MAX_QUERY_OFFSET)?;
        Ok(Self(request))
    }
}

fn query_value<T>(
    field: &str,
    value: &str,
    parse: impl FnOnce(&str) -> Option<T>,
    expected: &str,
) -> Result<T, ApiError> {
    parse(value).ok_or_else(|| {
        ApiError::invalid(format!("Invalid parameter {field}: expected {expected}."))
    })
}

/// A path parameter. One that does not decode to UTF-8 is refused like any invalid field,
/// not with axum's plain-text rejection.
pub(crate) struct PathParam(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathParam {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(value) = Path::from_request_parts(parts, state)
            .await
            .map_err(|rejection| ApiError::invalid(rejection.body_text()))?;
        Ok(Self(value))
    }
}

/// A path parameter such as the legacy `{partner_id}`: at most 64 characters.
pub(crate) fn path_param(field: &str, value: &str) -> Result<(), ApiError> {
    text(field, Some(value), MAX_TEXT_CHARS)
}
