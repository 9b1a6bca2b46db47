//! Customer-list exports against a real database and the real emulator over HTTP: an
//! export writes exactly the customers of its view or selection (every page), anonymised
//! unless full values were asked for (then with its security event), formula-safe in CSV
//! and in XLSX; only admins export; a task a dead process left running is failed.

mod support;

use std::io::Read;
use std::time::Duration;

use chrono::Utc;
use domain::contact::mask_name;
use domain::customer::{AssociationType, CustomerQuery, CustomerRow, CustomerState, SortKey};
use domain::customer_export::{CustomerIds, ExportFormat, ExportScope, ExportState};
use domain::labels::LabelSet;
use domain::paging::PageRequest;
use domain::security::{SecurityEventKind, SecurityEventQuery};
use domain::services::audit::neutralize_formula;
use domain::services::customer_exports::{self, header, ExportFile, ExportRequest};
use domain::services::db::Db;
use domain::services::leases::{self, Holder, LeaseName};
use domain::services::security_events::{self, Source};
use domain::services::{customers, ServiceError};
use domain::staff::{Role, StaffMember};
use i18n::Language;

fn by(member: &StaffMember) -> Source<'_> {
    Source {
        actor: Some(member),
        client: Some("192.0.2.7".parse().unwrap()),
    }
}

fn request(scope: ExportScope, format: ExportFormat, full_values: bool) -> ExportRequest {
    ExportRequest {
        scope,
        format,
        full_values,
        labels: LabelSet::Current,
        language: Language::En,
    }
}

/// Starts the export, waits for its task and returns its id and file.
async fn export(db: &Db, admin: &StaffMember, request: &ExportRequest) -> (i64, ExportFile) {
    let started = customer_exports::start(db, request, by(admin), Utc::now())
        .await
        .unwrap();
    started.task.await.unwrap();
    let file = customer_exports::file(db, started.export_id, admin)
        .await
        .unwrap();
    (started.export_id, file)
}

/// The CSV's lines after its byte order mark, which it must start with.
fn csv_lines(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|line| line.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Every row the list shows for `query`, page after page.
async fn every_page(db: &Db, query: &CustomerQuery) -> Vec<CustomerRow> {
    let mut rows = Vec::new();
    for page in 1.. {
        let listed = customers::list(db, &query.with_page(PageRequest::new(page, 100)))
            .await
            .unwrap();
        let done = listed.rows.len() < 100;
        rows.extend(listed.rows);
        if done {
            return rows;
        }
    }
    unreachable!()
}

/// `value` as the CSV holds it: formula-safe.
fn csv_cell(value: &str) -> String {
    neutralize_formula(value.to_owned())
}

fn column(name: &str) -> usize {
    header(Language::En)
        .iter()
        .position(|header| header == name)
        .unwrap()
}

/// (customer, account name, e-mail, phone) as the mirror holds them, unmasked.
async fn stored(db: &Db, customer_id: &str) -> (String, String, String, String) {
    db.query(
        "SELECT customer, account_name, email, telephone FROM customers WHERE customer_id = $1",
    )
    .bind(customer_id)
    .fetch_one()
    .await
    .unwrap()
}

async fn export_events(db: &Db) -> Vec<(String, String)> {
    let query = SecurityEventQuery {
        kind: Some(SecurityEventKind::CustomersExported),
        page: PageRequest::new(1, 100),
        ..SecurityEventQuery::default()
    };
    security_events::list(db, &query)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|event| (event.actor_email.unwrap_or_default(), event.details))
        .collect()
}

#[tokio::test]
async fn export_all_writes_every_page_of_the_view_in_its_order_anonymised() {
    // More customers than one page of the export's reads (1,000), so it pages.
    let world = support::synced_world(1_200).await;
    let admin = support::staff(&world.db, Role::Admin).await;
    for query in [
        CustomerQuery {
            sort: SortKey::Customer,
            ..CustomerQuery::default()
        },
        CustomerQuery {
            association: Some(AssociationType::Reseller),
            ..CustomerQuery::default()
        },
    ] {
        let expected = every_page(&world.db, &query).await;
        if query.association.is_none() {
            assert!(expected.len() > 1_000, "{} customers", expected.len());
        }
        let request = request(
            ExportScope::AllMatching(query.clone()),
            ExportFormat::Csv,
            false,
        );
        let (export_id, file) = export(&world.db, &admin, &request).await;
        assert_eq!(file.format, ExportFormat::Csv);
        assert!(file
            .file_name
            .starts_with(&format!("customers-{export_id}-")));
        assert!(file.file_name.ends_with(".csv"), "{}", file.file_name);
        let lines = csv_lines(&file.bytes);
        assert_eq!(lines[0], header(Language::En));
        let lines = &lines[1..];
        let ids: Vec<&str> = lines
            .iter()
            .map(|line| line[column("Customer ID")].as_str())
            .collect();
        let expected_ids: Vec<&str> = expected
            .iter()
            .map(|row| row.customer_id.as_str())
            .collect();
        assert_eq!(ids, expected_ids, "{query:?}");
        for (line, row) in lines.iter().zip(&expected) {
            assert_eq!(
                line[column("Customer")],
                csv_cell(&mask_name(&row.customer))
            );
            assert_eq!(
                line[column("Account Name")],
                csv_cell(&mask_name(&row.account_name))
            );
            // The list's own masking: the same values the page carries (a phone's `+`
            // neutralised, as a spreadsheet would run `+60-…` as a sum).
            assert_eq!(line[column("E-mail")], csv_cell(&row.contact.email));
            assert_eq!(line[column("Phone")], csv_cell(&row.contact.telephone));
            let (_, _, email, _) = stored(&world.db, &row.customer_id).await;
            assert!(email.is_empty() || line[column("E-mail")] != email);
            let mut status = LabelSet::Current.state_label(row.state).to_string();
            if matches!(row.state, CustomerState::Frozen(_)) && !row.level_confirmed {
                status.push_str(" (level unconfirmed)");
            }
            assert_eq!(line[column("Status")], status);
            assert_eq!(
                line[column("Budget Used (%)")],
                row.budget
                    .as_ref()
                    .map(|budget| budget.percent_used().to_string())
                    .unwrap_or_default()
            );
        }
        let listed = customer_exports::list(&world.db, &admin).await.unwrap();
        let task = listed.iter().find(|task| task.id == export_id).unwrap();
        assert_eq!(task.state, ExportState::Done);
        assert_eq!(task.rows, Some(expected.len() as u64));
        assert!(!task.full_values);
    }
    assert!(
        export_events(&world.db).await.is_empty(),
        "anonymised exports are no security event"
    );
}

#[tokio::test]
async fn full_values_write_the_real_names_and_contacts_with_a_security_event() {
    let world = support::synced_world(12).await;
    let admin = support::staff(&world.db, Role::Admin).await;
    let listed = every_page(&world.db, &CustomerQuery::default()).await;
    let chosen: Vec<String> = listed
        .iter()
        .rev()
        .take(3)
        .map(|row| row.customer_id.clone())
        .collect();
    let ids = CustomerIds::parse(&chosen.join(",")).unwrap();
    let scope = ExportScope::Selected(ids);

    let (_, masked) = export(
        &world.db,
        &admin,
        &request(scope.clone(), ExportFormat::Csv, false),
    )
    .await;
    assert_eq!(csv_lines(&masked.bytes).len(), 4);
    assert!(export_events(&world.db).await.is_empty());

    let (export_id, full) =
        export(&world.db, &admin, &request(scope, ExportFormat::Csv, true)).await;
    let lines = csv_lines(&full.bytes);
    assert_eq!(lines.len(), 4, "the header and the three selected");
    for (line, id) in lines[1..].iter().zip(&chosen) {
        assert_eq!(&line[column("Customer ID")], id, "in the order selected");
        let (customer, account_name, email, phone) = stored(&world.db, id).await;
        assert_eq!(line[column("Customer")], csv_cell(&customer));
        assert_eq!(line[column("Account Name")], csv_cell(&account_name));
        assert_eq!(line[column("E-mail")], csv_cell(&email));
        assert_eq!(line[column("Phone")], csv_cell(&phone));
    }
    let events = export_events(&world.db).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0, admin.email);
    assert!(
        events[0]
            .1
            .starts_with(&format!("3 customers, CSV (export {export_id})")),
        "{}",
        events[0].1
    );
}

/// A name typed as a formula runs nothing: neutralised in CSV, a string cell in XLSX.
#[tokio::test]
async fn formula_like_names_run_nothing_in_csv_or_xlsx() {
    let world = support::synced_world(5).await;
    let admin = support::staff(&world.db, Role::Admin).await;
    let row = every_page(&world.db, &CustomerQuery::default()).await[0].clone();
    let formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
    world
        .db
        .query("UPDATE customers SET customer = $1 WHERE customer_id = $2")
        .bind(formula)
        .bind(&row.customer_id)
        .execute()
        .await
        .unwrap();
    let scope = ExportScope::Selected(CustomerIds::parse(&row.customer_id).unwrap());

    let (_, full) = export(
        &world.db,
        &admin,
        &request(scope.clone(), ExportFormat::Csv, true),
    )
    .await;
    assert_eq!(
        csv_lines(&full.bytes)[1][column("Customer")],
        format!("'{formula}")
    );
    let (_, masked) = export(
        &world.db,
        &admin,
        &request(scope.clone(), ExportFormat::Csv, false),
    )
    .await;
    assert_eq!(csv_lines(&masked.bytes)[1][column("Customer")], "'=****");

    let (_, workbook) = export(&world.db, &admin, &request(scope, ExportFormat::Xlsx, true)).await;
    assert!(workbook.file_name.ends_with(".xlsx"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(workbook.bytes)).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap_or_else(|_| panic!("the workbook has {name}"))
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    assert!(part("xl/workbook.xml").contains("name=\"Customers\""));
    let sheet = part("xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("<f>"), "no formula cell: {sheet}");
    assert!(sheet.contains("t=\"s\""), "string cells: {sheet}");
    let strings = part("xl/sharedStrings.xml");
    assert!(
        strings.contains("=HYPERLINK("),
        "the name as typed: {strings}"
    );
    assert!(strings.contains(&row.customer_id));
    assert!(strings.contains(&header(Language::En)[0]));
}

#[tokio::test]
async fn only_admins_export_list_or_download() {
    let world = support::synced_world(3).await;
    let admin = support::staff(&world.db, Role::Admin).await;
    let operator = support::staff(&world.db, Role::Operator).await;
    let all = request(
        ExportScope::AllMatching(CustomerQuery::default()),
        ExportFormat::Csv,
        true,
    );
    let refused = customer_exports::start(&world.db, &all, by(&operator), Utc::now()).await;
    assert!(matches!(refused, Err(ServiceError::Forbidden(_))));
    let anonymous = Source::default();
    let refused = customer_exports::start(&world.db, &all, anonymous, Utc::now()).await;
    assert!(matches!(refused, Err(ServiceError::Forbidden(_))));
    assert!(customer_exports::list(&world.db, &admin)
        .await
        .unwrap()
        .is_empty());

    let (export_id, _) = export(&world.db, &admin, &all).await;
    assert!(matches!(
        customer_exports::list(&world.db, &operator).await,
        Err(ServiceError::Forbidden(_))
    ));
    assert!(matches!(
        customer_exports::file(&world.db, export_id, &operator).await,
        Err(ServiceError::Forbidden(_))
    ));
}

#[tokio::test]
async fn an_export_a_dead_process_left_running_is_failed_with_a_sentence() {
    let world = support::synced_world(3).await;
    let admin = support::staff(&world.db, Role::Admin).await;
    let all = request(
        ExportScope::AllMatching(CustomerQuery::default()),
        ExportFormat::Xlsx,
        false,
    );
    let dead = customer_exports::record(&world.db, &all, by(&admin), Utc::now())
        .await
        .unwrap();
    // As the dead process left it: running under a lease it stopped renewing.
    assert!(leases::take(
        &world.db,
        LeaseName::CustomerExport(dead),
        &Holder::new_random(),
        Duration::from_millis(100),
    )
    .await
    .unwrap());
    world
        .db
        .query("UPDATE customer_exports SET state = 'running' WHERE id = $1")
        .bind(dead)
        .execute()
        .await
        .unwrap();
    // Just written: its run is about to take it.
    let fresh = customer_exports::record(&world.db, &all, by(&admin), Utc::now())
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    let grace = customer_exports::ABANDONED_GRACE;
    assert_eq!(
        customer_exports::fail_abandoned(&world.db, grace)
            .await
            .unwrap(),
        [dead]
    );
    let state = |id: i64| {
        let db = world.db.clone();
        let admin = admin.clone();
        async move {
            let listed = customer_exports::list(&db, &admin).await.unwrap();
            let task = listed.into_iter().find(|task| task.id == id).unwrap();
            (task.state, task.error)
        }
    };
    assert_eq!(
        state(dead).await,
        (
            ExportState::Failed,
            Some(customer_exports::abandoned_sentence(Language::En))
        )
    );
    assert_eq!(state(fresh).await, (ExportState::Queued, None));
    assert!(matches!(
        customer_exports::file(&world.db, dead, &admin).await,
        Err(ServiceError::Invalid(_))
    ));
    // A late run of the failed task writes nothing.
    customer_exports::run(&world.db, dead, by(&admin))
        .await
        .unwrap();
    assert_eq!(state(dead).await.0, ExportState::Failed);
    // One never leased is failed once older than the grace, and only once.
    assert_eq!(
        customer_exports::fail_abandoned(&world.db, Duration::ZERO)
            .await
            .unwrap(),
        [fresh]
    );
    assert!(customer_exports::fail_abandoned(&world.db, Duration::ZERO)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn an_export_asked_for_in_chinese_is_written_in_chinese() {
    let world = support::synced_world(12).await;
    let admin = support::staff(&world.db, Role::Admin).await;
    let mut request = request(
        ExportScope::AllMatching(CustomerQuery::default()),
        ExportFormat::Csv,
        false,
    );
    request.language = Language::ZhCn;
    let (_, file) = export(&world.db, &admin, &request).await;
    let lines = csv_lines(&file.bytes);
    assert_eq!(lines[0], header(Language::ZhCn));
    assert_eq!(lines[0][0], "客户");
    let status = lines[0].iter().position(|name| name == "状态").unwrap();
    let chinese_states = ["正常", "已限制购买", "已限制购买，资源已冻结"];
    assert!(lines.len() > 1);
    for line in &lines[1..] {
        assert!(
            chinese_states
                .iter()
                .any(|state| line[status].starts_with(state)),
            "{}",
            line[status]
        );
    }
}
