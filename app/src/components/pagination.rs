//! Page links and the page-size picker: plain links and a GET form, so paging works
//! without WASM, and is handled by the client-side router with it.

use domain::paging::{PageRequest, PAGE_SIZES};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::Form;

use crate::components::hidden::HiddenFields;

/// `href` builds the URL of a page; the same function serves every link so the other
/// query parameters of the view are kept.
#[component]
pub fn Pagination(
    page: PageRequest,
    total: u64,
    href: impl Fn(PageRequest) -> String + Send + Sync + 'static,
    /// The form posts back to this path, with the page size and `page=1`.
    #[prop(into)]
    action: String,
    /// The view's other parameters, which changing the page size keeps.
    #[prop(optional)]
    keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    let pages = page.page_count(total);
    let link = move |number: u32| href(PageRequest::new(number, page.page_size));
    let previous = (page.page > 1).then(|| link(page.page - 1));
    let next = (page.page < pages).then(|| link(page.page + 1));

    view! {
        <div class="pagination">
            <span class="total">"Total: " {total}</span>
            <Form method="GET" action=action attr:class="page-size">
                <HiddenFields fields=keep />
                <label>
                    "Rows per page "
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
                <button type="submit" class="btn">"Apply"</button>
            </Form>
            <nav class="pager" aria-label="Pages">
                {match previous {
                    Some(href) => Either::Left(view! { <a href=href rel="prev">"Previous"</a> }),
                    None => Either::Right(view! { <span class="disabled">"Previous"</span> }),
                }}
                <span class="page-of">"Page " {page.page} " of " {pages}</span>
                {match next {
                    Some(href) => Either::Left(view! { <a href=href rel="next">"Next"</a> }),
                    None => Either::Right(view! { <span class="disabled">"Next"</span> }),
                }}
            </nav>
        </div>
    }
}
