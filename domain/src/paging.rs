//! Page numbers and sizes as the list pages accept them from a URL.

use serde::{Deserialize, Serialize};

/// The page sizes the console offers; anything else falls back to the default.
pub const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];
pub const DEFAULT_PAGE_SIZE: u32 = 10;

/// A 1-based page of a list, already clamped to what the UI offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub page_size: u32,
}

impl PageRequest {
    /// Reads untrusted URL values: a missing, zero or unparsable page is page 1, and an
    /// unoffered size is the default, so a hand-edited URL still shows a sensible page.
    pub fn from_params(page: Option<&str>, page_size: Option<&str>) -> Self {
        let number = |value: Option<&str>| value.and_then(|v| v.trim().parse::<u32>().ok());
        Self::new(
            number(page).unwrap_or(1),
            number(page_size).unwrap_or(DEFAULT_PAGE_SIZE),
        )
    }

    /// Clamps values that may come from a hand-made request to what the UI offers.
    pub fn new(page: u32, page_size: u32) -> Self {
        Self {
            page: page.max(1),
            page_size: if PAGE_SIZES.contains(&page_size) {
                page_size
            } else {
                DEFAULT_PAGE_SIZE
            },
        }
    }

    /// The record offset of the first row of this page.
    pub fn offset(self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.page_size)
    }

    /// The page as URL parameters (`page`, `page_size`), leaving out the defaults so links
    /// stay short; [`PageRequest::from_params`] reads them back.
    pub fn to_params(self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if self.page != 1 {
            params.push(("page", self.page.to_string()));
        }
        if self.page_size != DEFAULT_PAGE_SIZE {
            params.push(("page_size", self.page_size.to_string()));
        }
        params
    }

    /// How many pages `total` rows fill (at least one, so an empty list still has page 1).
    pub fn page_count(self, total: u64) -> u32 {
        let pages = total.div_ceil(u64::from(self.page_size)).max(1);
        u32::try_from(pages).unwrap_or(u32::MAX)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_params_fall_back_to_defaults() {
        for (page, size) in [
            (None, None),
            (Some("0"), Some("7")),
            (Some("-3"), Some("1000")),
            (Some("x"), Some("")),
        ] {
            assert_eq!(PageRequest::from_params(page, size), PageRequest::default());
        }
    }

    #[test]
    fn offered_values_are_kept() {
        let page = PageRequest::from_params(Some("3"), Some("50"));
        assert_eq!((page.page, page.page_size, page.offset()), (3, 50, 100));
    }

    #[test]
    fn params_leave_out_defaults_and_read_back() {
        assert!(PageRequest::default().to_params().is_empty());
        let page = PageRequest::new(3, 50);
        let params = page.to_params();
        let get = |name: &str| {
            params
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(
            PageRequest::from_params(get("page"), get("page_size")),
            page
        );
    }

    #[test]
    fn page_count_rounds_up_and_is_never_zero() {
        let page = PageRequest::default();
        assert_eq!(page.page_count(0), 1);
        assert_eq!(page.page_count(10), 1);
        assert_eq!(page.page_count(11), 2);
    }
}
