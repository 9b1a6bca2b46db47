//! Reading every page of an offset/limit query, for the helpers that return all of a
//! customer's resources or budget records.

use std::future::Future;

use super::BssError;

/// The page size the helpers ask for: the largest the resource and budget-record queries
/// allow.
pub(crate) const PAGE_SIZE: u32 = 100;

/// The helpers read at most this many pages (100,000 items), so a server that ignores the
/// offset or keeps counting more cannot keep a caller paging forever.
pub(crate) const MAX_PAGES: usize = 1_000;

/// One page of a query: its items and the number of all matches.
pub(crate) struct Page<T> {
    pub total_count: u64,
    pub items: Vec<T>,
}

/// Calls `fetch` with the offset of each page in turn until a page comes back empty or the
/// items read reach the total, at most [`MAX_PAGES`] times. Offsets are counted in items
/// read, so a change between two calls may skip or repeat an item, as in any offset paging.
pub(crate) async fn collect_pages<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, BssError>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, BssError>>,
{
    let mut items = Vec::new();
    for _ in 0..MAX_PAGES {
        let offset = u32::try_from(items.len()).unwrap_or(u32::MAX);
        let page = fetch(offset).await?;
        let empty = page.items.is_empty();
        items.extend(page.items);
        if empty || items.len() as u64 >= page.total_count {
            break;
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server holding `total` items that answers pages of at most `page_size`.
    fn server(
        total: u32,
        page_size: u32,
    ) -> impl FnMut(u32) -> std::future::Ready<Result<Page<u32>, BssError>> {
        move |offset| {
            let end = total.min(offset.saturating_add(page_size));
            std::future::ready(Ok(Page {
                total_count: u64::from(total),
                items: (offset.min(end)..end).collect(),
            }))
        }
    }

    #[tokio::test]
    async fn every_item_is_read_once_in_order() {
        for (total, page_size) in [(0, 100), (1, 100), (100, 100), (250, 100), (7, 3)] {
            let items = collect_pages(server(total, page_size)).await.unwrap();
            assert_eq!(
                items,
                (0..total).collect::<Vec<_>>(),
                "{total} by {page_size}"
            );
        }
    }

    #[tokio::test]
    async fn a_total_that_is_never_reached_stops_at_the_page_bound() {
        let mut calls = 0;
        let items = collect_pages(|_| {
            calls += 1;
            std::future::ready(Ok(Page {
                total_count: u64::MAX,
                items: vec![()],
            }))
        })
        .await
        .unwrap();
        assert_eq!((calls, items.len()), (MAX_PAGES, MAX_PAGES));
    }
}
