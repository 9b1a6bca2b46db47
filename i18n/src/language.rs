//! Which language a person reads: English or Simplified Chinese.

use std::fmt;

use fluent_langneg::{negotiate_languages, parse_accepted_languages, NegotiationStrategy};
use fluent_templates::LanguageIdentifier;
use serde::{Deserialize, Serialize};

/// A language the dashboard is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::ZhCn];

    /// The BCP 47 tag: the `lang` attribute, the cookie's value and the stored choice.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::ZhCn => "zh-CN",
        }
    }

    /// The language's own name for itself, as the switch offers it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::ZhCn => "简体中文",
        }
    }

    /// A tag this dashboard writes ([`Language::code`]), exactly; anything else is none.
    pub fn parse(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.code() == code)
    }

    /// The first language of an `Accept-Language` header the dashboard has: `zh`,
    /// `zh-Hans-CN` and `zh-TW` read Simplified Chinese, `en-GB` English. None when the
    /// header names neither.
    pub fn negotiate(accept_language: &str) -> Option<Language> {
        let requested = parse_accepted_languages(accept_language);
        let available: Vec<LanguageIdentifier> = Language::ALL
            .iter()
            .map(|language| language.identifier())
            .collect();
        let chosen = negotiate_languages(&requested, &available, None, NegotiationStrategy::Lookup);
        let chosen = chosen.first()?;
        Language::ALL
            .into_iter()
            .find(|language| language.identifier() == **chosen)
    }

    /// `2026-11-23` the way the language writes a date: English keeps the ISO date, Chinese
    /// writes `2026年11月23日`. Anything that is not such a date stays as it is.
    pub fn date(self, iso_date: &str) -> String {
        let parts: Vec<&str> = iso_date.splitn(3, '-').collect();
        match (self, parts.as_slice()) {
            (Language::ZhCn, [year, month, day]) => {
                match (month.parse::<u8>(), day.parse::<u8>()) {
                    (Ok(month), Ok(day)) => format!("{year}年{month}月{day}日"),
                    _ => iso_date.to_owned(),
                }
            }
            _ => iso_date.to_owned(),
        }
    }

    pub(crate) fn identifier(self) -> LanguageIdentifier {
        self.code()
            .parse()
            .expect("the dashboard's language tags are valid")
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_reads_back_as_its_language_and_nothing_else_does() {
        for language in Language::ALL {
            assert_eq!(Language::parse(language.code()), Some(language));
        }
        assert_eq!(Language::parse("zh"), None);
        assert_eq!(Language::parse("EN"), None);
        assert_eq!(Language::parse(""), None);
    }

    #[test]
    fn dates_read_in_each_language_and_odd_values_pass_through() {
        assert_eq!(Language::ZhCn.date("2026-11-03"), "2026年11月3日");
        assert_eq!(Language::ZhCn.date("2026-1x-03"), "2026-1x-03");
        assert_eq!(Language::En.date("2026-11-03"), "2026-11-03");
    }

    #[test]
    fn accept_language_picks_the_first_language_the_dashboard_has() {
        assert_eq!(
            Language::negotiate("zh-CN,zh;q=0.9,en;q=0.8"),
            Some(Language::ZhCn)
        );
        assert_eq!(Language::negotiate("zh"), Some(Language::ZhCn));
        assert_eq!(Language::negotiate("zh-TW"), Some(Language::ZhCn));
        assert_eq!(
            Language::negotiate("fr-FR,en-GB;q=0.8,zh;q=0.5"),
            Some(Language::En)
        );
        assert_eq!(Language::negotiate("en-US,en;q=0.9"), Some(Language::En));
        assert_eq!(Language::negotiate("fr, de"), None);
        assert_eq!(Language::negotiate(""), None);
        assert_eq!(Language::negotiate(";;,,q=1"), None);
    }
}
