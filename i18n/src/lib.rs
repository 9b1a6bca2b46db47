//! The dashboard's two languages and its messages.
//!
//! Every sentence a person reads is a Fluent message in `locales/<language>/*.ftl`, named by
//! a key. Code names a message with [`msg!`] (a [`Message`] to render later, in whichever
//! language the reader has) or renders one at once with [`t!`]. Both take the key as a
//! literal, which is what lets `tests/catalogue.rs` check that every key used exists in both
//! languages and every key written is used.

mod language;
mod message;

pub use language::Language;
pub use message::{Arg, Message};

/// A [`Message`]: `msg!("key")` or `msg!("key", name = value, …)`, each value anything
/// [`Arg`] converts from.
#[macro_export]
macro_rules! msg {
    ($key:literal) => {
        $crate::Message::new($key)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::Message::new($key)$(.with(stringify!($name), $value))+
    };
}

/// A message rendered in `language` at once: `t!(language, "key", name = value, …)`.
#[macro_export]
macro_rules! t {
    ($language:expr, $key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::msg!($key $(, $name = $value)*).render($language)
    };
}
