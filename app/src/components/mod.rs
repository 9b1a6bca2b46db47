pub mod form_status;
pub mod layout;
pub mod pagination;
