//! The ticked customers, kept across the list's pages. The checkboxes are server HTML in a
//! GET form; this island listens to them, keeps the ids in the tab's session storage, ticks
//! them again on every page of the list, and adds the ids ticked on other pages to the
//! form when it submits. It also runs the rows' own controls (`row_controls`), so the
//! table is one island.

use std::collections::BTreeSet;

use i18n::t;
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use serde::{Deserialize, Serialize};
use web_sys::{HtmlFormElement, HtmlInputElement};

use super::row_controls;
use crate::components::dom::{self, session_storage};
use crate::language::Language;

/// The session-storage key of the ticked ids, one per line.
const STORAGE_KEY: &str = "customer-selection";

/// The ticked ids, shared with the islands inside the form.
#[derive(Clone, Copy)]
struct Selection(RwSignal<BTreeSet<String>>);

/// The form's accessible name comes from the server, in the reader's language.
#[island]
pub fn SelectionForm(label: String, children: Children) -> impl IntoView {
    let selected = RwSignal::new(BTreeSet::<String>::new());
    provide_context(Selection(selected));
    let form = NodeRef::<html::Form>::new();
    // Loaded once in the browser: what was ticked on other pages, and what was ticked on
    // this one before WASM ran. Until then nothing is written back.
    let loaded = RwSignal::new(false);
    Effect::new(move || {
        if let Some(form) = form.get() {
            row_controls::show_copy_buttons(&form);
            let mut ids = stored();
            ids.extend(
                checkboxes(&form)
                    .into_iter()
                    .filter(HtmlInputElement::checked)
                    .map(|input| input.value()),
            );
            selected.set(ids);
            loaded.set(true);
        }
    });
    Effect::new(move || {
        let Some(form) = form.get() else { return };
        if loaded.get() {
            selected.with(|ids| {
                store(ids);
                show(&form, ids);
            });
        }
    });
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let ticked = input.checked();
        let ids = if input.has_attribute("data-select-all") {
            form.get_untracked()
                .map(|form| {
                    checkboxes(&form)
                        .iter()
                        .map(HtmlInputElement::value)
                        .collect()
                })
                .unwrap_or_default()
        } else if input.name() == "ids" {
            vec![input.value()]
        } else {
            return;
        };
        selected.update(|set| {
            for id in ids {
                if ticked {
                    set.insert(id);
                } else {
                    set.remove(&id);
                }
            }
        });
    };
    let on_submit = move |_| {
        if let Some(form) = form.get_untracked() {
            selected.with_untracked(|ids| add_ticked_elsewhere(&form, ids));
        }
    };

    view! {
        <form
            method="GET"
            action=crate::paths::CUSTOMERS
            class="selection-form"
            aria-label=label
            node_ref=form
            on:change=on_change
            on:submit=on_submit
            on:click=row_controls::on_click
            on:keydown=row_controls::on_keydown
            on:focusout=row_controls::on_focusout
        >
            {children()}
        </form>
    }
}

/// How many customers are selected, as the server rendered it (none) until the island has
/// hydrated: the selection may load before this island hydrates, and hydration keeps the
/// server's text rather than correcting it.
fn selected_count() -> ReadSignal<usize> {
    let selected = expect_context::<Selection>().0;
    let (count, set_count) = signal(0);
    Effect::new(move || set_count.set(selected.with(BTreeSet::len)));
    count
}

/// What [`SelectedCount`] says, rendered by the server in the reader's language: the
/// browser has no message catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelectionWords {
    none: String,
    one: String,
    /// With `{count}` where the number goes.
    many: String,
}

impl SelectionWords {
    pub fn new(language: Language) -> Self {
        Self {
            none: t!(language, "list-selected-none"),
            one: t!(language, "list-selected", count = 1),
            many: t!(language, "list-selected", count = COUNT),
        }
    }
}

const COUNT: &str = "{count}";

/// "n customers selected", announced as it changes.
#[island]
pub fn SelectedCount(words: SelectionWords) -> impl IntoView {
    let count = selected_count();
    view! {
        <span class="selected-count" aria-live="polite">
            {move || match count.get() {
                0 => words.none.clone(),
                1 => words.one.clone(),
                n => words.many.replace(COUNT, &n.to_string()),
            }}
        </span>
    }
}

#[island]
pub fn ClearSelection(label: String) -> impl IntoView {
    let selected = expect_context::<Selection>().0;
    let count = selected_count();
    view! {
        <button
            type="button"
            class="btn btn-link"
            on:click=move |_| selected.update(BTreeSet::clear)
            disabled=move || count.get() == 0
        >
            {label}
        </button>
    }
}

/// Forgets the selection, once an operation has been started on it.
pub fn forget_selection() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// The rows' checkboxes on this page.
fn checkboxes(form: &HtmlFormElement) -> Vec<HtmlInputElement> {
    dom::elements(form, "input[type=checkbox][name=ids]")
        .into_iter()
        .filter_map(|input| input.dyn_into().ok())
        .collect()
}

/// Ticks exactly the selected rows, and "select all" when every row of the page is.
fn show(form: &HtmlFormElement, ids: &BTreeSet<String>) {
    let rows = checkboxes(form);
    for input in &rows {
        input.set_checked(ids.contains(&input.value()));
    }
    if let Some(all) = dom::element(form, "input[data-select-all]")
        .and_then(|all| all.dyn_into::<HtmlInputElement>().ok())
    {
        all.set_checked(!rows.is_empty() && rows.iter().all(HtmlInputElement::checked));
    }
}

/// Adds a hidden `ids` field to the form for each selected customer not on this page
/// (replacing those of an earlier submit, when the browser brings the page back).
fn add_ticked_elsewhere(form: &HtmlFormElement, ids: &BTreeSet<String>) {
    for earlier in dom::elements(form, "input[data-ticked-elsewhere]") {
        earlier.remove();
    }
    let on_page: BTreeSet<String> = checkboxes(form)
        .iter()
        .map(HtmlInputElement::value)
        .collect();
    for id in ids.difference(&on_page) {
        let Some(input) = document()
            .create_element("input")
            .ok()
            .and_then(|input| input.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        input.set_type("hidden");
        input.set_name("ids");
        input.set_value(id);
        let _ = input.set_attribute("data-ticked-elsewhere", "");
        let _ = form.append_child(&input);
    }
}

fn stored() -> BTreeSet<String> {
    session_storage()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .map(|ids| {
            ids.lines()
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn store(ids: &BTreeSet<String>) {
    let Some(storage) = session_storage() else {
        return;
    };
    let _ = if ids.is_empty() {
        storage.remove_item(STORAGE_KEY)
    } else {
        storage.set_item(
            STORAGE_KEY,
            &ids.iter().cloned().collect::<Vec<_>>().join("\n"),
        )
    };
}
