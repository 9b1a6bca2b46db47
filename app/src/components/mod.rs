pub mod date_range;
pub mod form_status;
pub mod layout;
pub mod outage;
pub mod pagination;
pub mod results;
pub mod select;
pub mod time;
