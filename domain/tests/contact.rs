//! The customer table's per-member columns and the masked contact values, against a real
//! SQLite file and the real emulator over HTTP: the mirror keeps BSS's e-mail and phone,
//! the list carries them masked only, and a reveal returns them with its security event.

mod support;

use std::collections::HashMap;

use bss::model::ListSubCustomersRequest;
use domain::columns::{CustomerColumn, CustomerColumns};
use domain::contact::{mask_email, mask_phone, Contact};
use domain::customer::CustomerQuery;
use domain::paging::PageRequest;
use domain::security::{SecurityEventKind, SecurityEventQuery};
use domain::services::security_events::{self, Source};
use domain::services::{customers, preferences, ServiceError};
use domain::staff::{Role, StaffMember};

fn by(member: &StaffMember) -> Source<'_> {
    Source {
        actor: Some(member),
        client: Some("192.0.2.7".parse().unwrap()),
    }
}

/// (kind, by, details) of every security event, oldest first.
async fn events(db: &domain::services::db::Db) -> Vec<(SecurityEventKind, String, String)> {
    let query = SecurityEventQuery {
        page: PageRequest::new(1, 100),
        ..SecurityEventQuery::default()
    };
    let mut rows = security_events::list(db, &query).await.unwrap().rows;
    rows.reverse();
    rows.into_iter()
        .filter(|event| event.kind == SecurityEventKind::ContactRevealed)
        .map(|event| {
            (
                event.kind,
                event.actor_email.unwrap_or_default(),
                event.details,
            )
        })
        .collect()
}

/// What BSS holds for each direct customer: id → (account name, e-mail, phone).
async fn bss_contacts(world: &support::World) -> HashMap<String, (String, String, String)> {
    let request = ListSubCustomersRequest {
        limit: Some(100),
        ..ListSubCustomersRequest::default()
    };
    let listed = world.bss.list_sub_customers(&request).await.unwrap().body;
    listed
        .customer_infos
        .into_iter()
        .map(|info| {
            (
                info.customer_id,
                (
                    info.account_name.unwrap_or_default(),
                    info.email.unwrap_or_default(),
                    info.telephone.unwrap_or_default(),
                ),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_list_carries_each_customers_bss_contact_masked_only() {
    let world = support::synced_world(12).await;
    let bss = bss_contacts(&world).await;
    let query = CustomerQuery {
        page: PageRequest::new(1, 100),
        ..CustomerQuery::default()
    };
    let rows = customers::list(&world.db, &query).await.unwrap().rows;
    assert_eq!(rows.len(), 12);
    for row in rows {
        let (_, email, phone) = &bss[&row.customer_id];
        assert!(
            !email.is_empty() && !phone.is_empty(),
            "the emulator fills both"
        );
        assert_eq!(row.contact, Contact::masked(email, phone));
        assert_ne!(&row.contact.email, email);
        assert_ne!(&row.contact.telephone, phone);
        assert_eq!(row.contact.email, mask_email(email));
        assert_eq!(row.contact.telephone, mask_phone(phone));
    }
}

#[tokio::test]
async fn a_reveal_returns_the_real_contact_and_records_who_looked_at_whose() {
    let world = support::synced_world(5).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let bss = bss_contacts(&world).await;
    let (id, (account_name, email, phone)) = bss.iter().next().unwrap();

    let contact = customers::reveal_contact(&world.db, id, by(&operator), chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(contact, Contact::revealed(email, phone));
    assert!(contact.revealed);
    assert_eq!(
        events(&world.db).await,
        vec![(
            SecurityEventKind::ContactRevealed,
            operator.email.clone(),
            format!("Customer {id} ({account_name})")
        )]
    );
}

#[tokio::test]
async fn a_viewer_an_unknown_customer_or_a_malformed_id_reveals_nothing_and_records_nothing() {
    let world = support::synced_world(3).await;
    let viewer = support::staff(&world.db, Role::Viewer).await;
    let admin = support::staff(&world.db, Role::Admin).await;
    let id = bss_contacts(&world).await.into_keys().next().unwrap();
    let now = chrono::Utc::now();

    let refused = customers::reveal_contact(&world.db, &id, by(&viewer), now).await;
    assert!(
        matches!(refused, Err(ServiceError::Forbidden(_))),
        "{refused:?}"
    );
    let anonymous = customers::reveal_contact(&world.db, &id, Source::default(), now).await;
    assert!(
        matches!(anonymous, Err(ServiceError::Forbidden(_))),
        "{anonymous:?}"
    );
    for bad in ["nobody-known", "", "x' OR '1'='1", "a\u{7}b"] {
        let refused = customers::reveal_contact(&world.db, bad, by(&admin), now).await;
        match refused {
            Err(ServiceError::Invalid(message)) => {
                assert!(message.to_string().ends_with('.'), "{message}")
            }
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    assert_eq!(events(&world.db).await, vec![]);
}

#[tokio::test]
async fn each_member_keeps_their_own_columns_and_a_new_member_sees_the_default() {
    let world = support::world(0).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let viewer = support::staff(&world.db, Role::Viewer).await;
    assert_eq!(
        preferences::customer_columns(&world.db, operator.id)
            .await
            .unwrap(),
        CustomerColumns::default()
    );

    let chosen = CustomerColumns::new([CustomerColumn::Contact, CustomerColumn::CustomerId]);
    let now = chrono::Utc::now();
    preferences::set_customer_columns(&world.db, operator.id, &chosen, now)
        .await
        .unwrap();
    assert_eq!(
        preferences::customer_columns(&world.db, operator.id)
            .await
            .unwrap(),
        chosen
    );
    assert_eq!(
        preferences::customer_columns(&world.db, viewer.id)
            .await
            .unwrap(),
        CustomerColumns::default()
    );

    // Choosing again replaces the choice, down to no optional column at all.
    let none = CustomerColumns::new([]);
    preferences::set_customer_columns(&world.db, operator.id, &none, now)
        .await
        .unwrap();
    assert_eq!(
        preferences::customer_columns(&world.db, operator.id)
            .await
            .unwrap(),
        none
    );
    let stored: Vec<String> = world
        .db
        .query("SELECT customer_columns FROM staff_preferences")
        .scalars()
        .await
        .unwrap();
    assert_eq!(stored, vec![String::new()]);
}
