//! A staff member's language choice, against a real database file: kept per member, changed
//! by choosing again, and independent of the columns they chose.

mod support;

use domain::columns::{CustomerColumn, CustomerColumns};
use domain::services::preferences;
use domain::staff::Role;
use i18n::Language;

#[tokio::test]
async fn a_members_language_is_kept_apart_from_their_columns_and_from_others() {
    let world = support::world(0).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let viewer = support::staff(&world.db, Role::Viewer).await;
    let now = chrono::Utc::now();
    assert_eq!(
        preferences::language(&world.db, operator.id).await.unwrap(),
        None
    );

    // Choosing a language first keeps the default columns.
    preferences::set_language(&world.db, operator.id, Language::ZhCn, now)
        .await
        .unwrap();
    assert_eq!(
        preferences::language(&world.db, operator.id).await.unwrap(),
        Some(Language::ZhCn)
    );
    assert_eq!(
        preferences::customer_columns(&world.db, operator.id)
            .await
            .unwrap(),
        CustomerColumns::default()
    );
    assert_eq!(
        preferences::language(&world.db, viewer.id).await.unwrap(),
        None
    );

    // Columns chosen afterwards leave the language, and a new language leaves the columns.
    let chosen = CustomerColumns::new([CustomerColumn::CustomerId]);
    preferences::set_customer_columns(&world.db, operator.id, &chosen, now)
        .await
        .unwrap();
    assert_eq!(
        preferences::language(&world.db, operator.id).await.unwrap(),
        Some(Language::ZhCn)
    );
    preferences::set_language(&world.db, operator.id, Language::En, now)
        .await
        .unwrap();
    assert_eq!(
        preferences::language(&world.db, operator.id).await.unwrap(),
        Some(Language::En)
    );
    assert_eq!(
        preferences::customer_columns(&world.db, operator.id)
            .await
            .unwrap(),
        chosen
    );
}
