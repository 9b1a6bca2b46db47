//! Enums whose wire form is a small integer code, sent as a JSON string or number.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Reads a code given either as a JSON integer or as a string holding one.
pub(crate) fn deserialize_code<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<i64, D::Error> {
    struct CodeVisitor;

    impl Visitor<'_> for CodeVisitor {
        type Value = i64;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer code, as a number or a string")
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
            Ok(value)
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
            i64::try_from(value)
                .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<i64, E> {
            value
                .trim()
                .parse()
                .map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))
        }
    }

    deserializer.deserialize_any(CodeVisitor)
}

/// Declares an enum of integer codes. `as str` serialises the code as a JSON string, `as int`
/// as a number; both deserialise from either form.
macro_rules! wire_code {
    (
        $(#[$meta:meta])*
        pub enum $name:ident as $form:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $code:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$variant_meta])* $variant,)+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The wire code.
            pub fn code(self) -> i64 {
                match self {
                    $(Self::$variant => $code,)+
                }
            }

            pub fn from_code(code: i64) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                wire_code!(@serialize $form, self.code(), serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = $crate::model::codes::deserialize_code(deserializer)?;
                Self::from_code(code).ok_or_else(|| {
                    <D::Error as serde::de::Error>::custom(format_args!(
                        "unknown {} code {code}",
                        stringify!($name)
                    ))
                })
            }
        }
    };
    (@serialize str, $code:expr, $serializer:ident) => {
        $serializer.collect_str(&$code)
    };
    (@serialize int, $code:expr, $serializer:ident) => {
        $serializer.serialize_i64($code)
    };
}

pub(crate) use wire_code;
