//! A sentence to be read: a message key and its arguments, rendered in a language.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::Loader;

use crate::Language;

fluent_templates::static_loader! {
    static CATALOGUE = {
        locales: "./locales",
        fallback_language: "en",
        // Fluent wraps each argument in Unicode isolation marks for mixed-direction text;
        // both languages read left to right, and the marks would reach copied text and CSVs.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A message named by its key, with the arguments its text refers to. Built where the
/// sentence is decided (services, validation), rendered where the reader's language is
/// known (the page, the server function's answer, the e-mail). `Display` renders it in
/// English, for logs and tests.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// A value a message refers to.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Text shown as it is: a name, an id, a number already formatted.
    Text(String),
    /// A number, which Fluent can also choose a plural form by.
    Number(i64),
    /// Another message, rendered in the same language first.
    Message(Box<Message>),
    /// A calendar day (`2026-11-03`), written the language's way ([`Language::date`]).
    Date(String),
}

impl Arg {
    pub fn date(day: impl Into<String>) -> Self {
        Arg::Date(day.into())
    }
}

impl Message {
    /// Prefer [`crate::msg!`], which takes the key as a literal the catalogue test can see.
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    pub fn render(&self, language: Language) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(text) => FluentValue::from(text.clone()),
                    Arg::Number(number) => FluentValue::from(*number),
                    Arg::Message(message) => FluentValue::from(message.render(language)),
                    Arg::Date(day) => FluentValue::from(language.date(day)),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        CATALOGUE
            .try_lookup_complete(&language.identifier(), self.key, Some(&args))
            // The catalogue test keeps every key in both languages; should one slip through,
            // the reader sees its key rather than nothing.
            .unwrap_or_else(|| self.key.to_owned())
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Arg::Text(text.clone())
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Self {
        Arg::Message(Box::new(message))
    }
}

macro_rules! number_args {
    ($($number:ty),+) => {
        $(impl From<$number> for Arg {
            fn from(number: $number) -> Self {
                Arg::Number(number.into())
            }
        })+
    };
}
number_args!(i64, i32, u32, u16, u8);

impl From<usize> for Arg {
    fn from(number: usize) -> Self {
        i64::try_from(number).map_or_else(|_| Arg::Text(number.to_string()), Arg::Number)
    }
}

impl From<u64> for Arg {
    fn from(number: u64) -> Self {
        i64::try_from(number).map_or_else(|_| Arg::Text(number.to_string()), Arg::Number)
    }
}

#[cfg(test)]
mod tests {
    use crate::{msg, t, Language};

    #[test]
    fn a_message_renders_in_each_language_with_its_arguments() {
        let switch = msg!("language-switch-label");
        assert_eq!(switch.render(Language::En), "Language");
        assert_eq!(switch.render(Language::ZhCn), "语言");
        assert_eq!(switch.to_string(), "Language");
        assert_eq!(
            t!(Language::En, "document-title", page = "Staff"),
            "Staff - Partner Center"
        );
        let nested = msg!("document-title", page = msg!("nav-staff"));
        assert_eq!(nested.render(Language::ZhCn), "员工 - 伙伴中心");
    }

    #[test]
    fn a_date_is_written_the_language_s_way() {
        let stops = msg!("effect-stops", released_on = crate::Arg::date("2026-11-03"));
        assert!(stops.render(Language::En).contains("2026-11-03"));
        assert!(stops.render(Language::ZhCn).contains("2026年11月3日"));
        assert_eq!(Language::ZhCn.date("2026-1x-03"), "2026-1x-03");
    }

    #[test]
    fn an_unknown_key_is_shown_as_itself() {
        assert_eq!(
            crate::Message::new("no-such-key").render(Language::ZhCn),
            "no-such-key"
        );
    }
}
