pub mod agreement;
pub mod customers;
pub mod demo_inbox;
pub mod not_found;
pub mod settings;
pub mod sign_in;
pub mod staff;
