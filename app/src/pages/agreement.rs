//! The agreement partners accept before freezing a customer's resources.

use i18n::msg;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::PageHeader;

#[component]
pub fn AgreementPage() -> impl IntoView {
    view! {
        <Title text="Agreement for Partners to Manage Customer Budgets" />
        <PageHeader trail=vec![msg!("nav-sales"), msg!("nav-customers")] title=msg!("page-agreement") />
        <article class="panel agreement-text">
            <p>
                "By restricting purchases for a customer and freezing its resources, the partner \
                 confirms that it has the customer's consent under their agreement, or that the \
                 customer is in arrears or has breached that agreement."
            </p>
            <ol>
                <li>
                    "The customer will not be able to buy, renew or change cloud services while \
                     restricted."
                </li>
                <li>
                    "Pay-per-use resources stop and stop billing. They are kept for a retention \
                     period of 15 days; afterwards their data is deleted and they are released, \
                     and cannot be recovered."
                </li>
                <li>
                    "Yearly/monthly resources keep working until they expire and are not renewed \
                     while the restriction lasts."
                </li>
                <li>
                    "The partner is responsible for informing the customer and for lifting the \
                     restriction when its reason no longer applies. Every operation is recorded \
                     with the staff member who performed it and the reason given."
                </li>
            </ol>
        </article>
    }
}
