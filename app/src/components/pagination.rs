//! Page links and the page-size picker: plain links and a GET form.

use domain::paging::{PageRequest, PAGE_SIZES};
use i18n::t;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::Form;

use crate::components::hidden::HiddenFields;
use crate::language::use_language;

/// `href` builds the URL of a page; the same function serves every link so the other
/// query parameters of the view are kept.
#[component]
pub fn Pagination(
    page: PageRequest,
    total: u64,
    /// The list matches more than `total` rows (counting stopped there).
    #[prop(optional)]
    capped: bool,
    href: impl Fn(PageRequest) -> String + Send + Sync + 'static,
    /// The form posts back to this path, with the page size and `page=1`.
    #[prop(into)]
    action: String,
    /// The view's other parameters, which changing the page size keeps.
    #[prop(optional)]
    keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    let language = use_language();
    let pages = page.page_count(total);
    let link = move |number: u32| href(PageRequest::new(number, page.page_size));
    let previous = (page.page > 1).then(|| link(page.page - 1));
    let next = (page.page < pages).then(|| link(page.page + 1));
    let (total, pages) = if capped {
        (format!("{}+", with_thousands(total)), format!("{pages}+"))
    } else {
        (with_thousands(total), pages.to_string())
    };

    view! {
        <div class="pagination">
            <span class="total">{t!(language, "pagination-total", total = total)}</span>
            <Form method="GET" action=action attr:class="page-size">
                <HiddenFields fields=keep />
                <label>
                    {t!(language, "pagination-rows-per-page")}
                    " "
                    <select name="page_size">
                        {PAGE_SIZES
                            .iter()
                            .map(|&size| {
                                view! {
                                    <option value=size.to_string() selected=size == page.page_size>
                                        {size}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class="btn">{t!(language, "pagination-apply")}</button>
            </Form>
            <nav class="pager" aria-label=t!(language, "pagination-pages")>
                {match previous {
                    Some(href) => Either::Left(view! { <a href=href rel="prev">{t!(language, "pagination-previous")}</a> }),
                    None => Either::Right(view! { <span class="disabled">{t!(language, "pagination-previous")}</span> }),
                }}
                <span class="page-of">{t!(language, "pagination-page-of", page = page.page.to_string(), pages = pages)}</span>
                {match next {
                    Some(href) => Either::Left(view! { <a href=href rel="next">{t!(language, "pagination-next")}</a> }),
                    None => Either::Right(view! { <span class="disabled">{t!(language, "pagination-next")}</span> }),
                }}
            </nav>
        </div>
    }
}

/// `10000` as `10,000`.
fn with_thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::with_thousands;

    #[test]
    fn large_counts_are_grouped_by_thousands() {
        assert_eq!(with_thousands(10_000), "10,000");
        assert_eq!(with_thousands(999), "999");
        assert_eq!(with_thousands(1_234_567), "1,234,567");
    }
}
