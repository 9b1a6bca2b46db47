//! "Columns": which optional columns of the customer table the signed-in member sees. A
//! form of checkboxes that posts and comes back to the same view; the choice is kept on the
//! server, per member, so it holds in every browser they use.

use domain::columns::{CustomerColumn, CustomerColumns};
use i18n::t;
use leptos::prelude::*;

use crate::api::customers::SaveCustomerColumns;
use crate::components::disclosure::Popover;
use crate::components::form_status::FormStatus;
use crate::language::use_language;

/// `back` is the view the form returns to.
#[component]
pub fn ColumnChooser(columns: CustomerColumns, back: String) -> impl IntoView {
    let language = use_language();
    let save = ServerAction::<SaveCustomerColumns>::new();
    view! {
        <Popover class="column-chooser".to_owned() summary=t!(language, "list-columns")>
            <ActionForm action=save attr:class="column-form">
                <input type="hidden" name="back" value=back />
                <fieldset>
                    <legend>{t!(language, "list-columns-legend")}</legend>
                    {CustomerColumn::ALL
                        .into_iter()
                        .map(|column| {
                            view! {
                                <label>
                                    <input
                                        type="checkbox"
                                        name="columns[]"
                                        value=column.key()
                                        checked=columns.shows(column)
                                    />
                                    " "
                                    {column.label().render(language)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <button type="submit" class="btn btn-small">{t!(language, "list-columns-save")}</button>
            </ActionForm>
        </Popover>
        <FormStatus action=save />
    }
}
