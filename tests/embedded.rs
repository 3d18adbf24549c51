//! JSON inside strings: a field whose whole text is a JSON object or array (the
//! Fliplet table export's `Data`, CloudTrail LookupEvents' `CloudTrailEvent`) is
//! decoded, so its inner fields are columns that filter, sort and search by path,
//! while the string itself stays exactly as received in cells and exports.

use trailview::core::dataset::Dataset;
use trailview::core::inspect::{self, JsonValue};
use trailview::core::query::{ViewState, filter, sort_rows};
use trailview::core::roles::{Mapping, Role};
use trailview::core::time::Zone;
use trailview::core::trust::export::cell_text;

const LOG: &str = r#"[
 {"Date":"2026-03-01 10:00:00","Log type":"app.submission.create","User":"ada@example.com",
  "Data":"{\"appSubmissionId\":88011,\"form\":{\"title\":\"Inspection\"},\"changes\":{\"status\":[\"draft\",\"sent\"]}}"},
 {"Date":"2026-03-01 10:05:00","Log type":"app.submission.create","User":"grace@example.com",
  "Data":"{\"appSubmissionId\":9,\"form\":{\"title\":\"Audit\"}}"},
 {"Date":"2026-03-01 10:06:00","Log type":"note","User":"linus@example.com","Data":"[INFO] not {json} really]"},
 {"Date":"2026-03-01 10:07:00","Log type":"note","User":"ken@example.com","Data":"{\"broken\": }"}
]"#;

fn loaded() -> Dataset {
    Dataset::from_bytes(LOG.as_bytes().to_vec()).unwrap().0
}

fn rows_for(d: &Dataset, query: &str) -> Vec<u32> {
    let v = ViewState::from_query(query);
    filter(d, &v.filter_spec(0, None)).iter().collect()
}

#[test]
fn inner_fields_are_columns_that_filter_sort_and_search() {
    let d = loaded();
    let id = d.column("Data.appSubmissionId").expect("decoded column");
    assert_eq!(d.store().cell(0, id).text(), "88011");
    assert_eq!(
        d.store().cell(2, id).text(),
        "",
        "not JSON: nothing decoded"
    );
    assert_eq!(rows_for(&d, "f.Data.appSubmissionId=%3D88011"), [0]);
    assert_eq!(rows_for(&d, "f.Data.form.title=audit"), [1]);
    assert_eq!(rows_for(&d, "q=inspection"), [0]);
    let all = filter(&d, &ViewState::default().filter_spec(0, None));
    assert_eq!(
        sort_rows(&d, &all, Some(id), false)[..2],
        [1, 0],
        "9 before 88011"
    );
    assert_eq!(d.column("Data.broken"), None, "invalid JSON files nothing");
}

#[test]
fn the_string_itself_stays_as_received_in_cells_and_exports() {
    let d = loaded();
    let data = d.column("Data").unwrap();
    let original = r#"{"appSubmissionId":88011,"form":{"title":"Inspection"},"changes":{"status":["draft","sent"]}}"#;
    assert_eq!(d.store().cell(0, data).text(), original);
    assert_eq!(cell_text(&d, 0, data, Zone::Utc), original);
    // A decoded object column shows that object.
    let form = d.column("Data.form").unwrap();
    assert_eq!(cell_text(&d, 1, form, Zone::Utc), r#"{"title":"Audit"}"#);
}

#[test]
fn the_entry_panel_opens_the_string_as_a_document_and_finds_its_changes() {
    let d = loaded();
    let v = inspect::parse(&d.store().entry_bytes(0)).unwrap();
    let Some(JsonValue::Embedded(text, inner)) = v.get("Data") else {
        panic!("Data is not decoded: {:?}", v.get("Data"));
    };
    assert!(text.starts_with(r#"{"appSubmissionId":88011"#));
    assert_eq!(
        inner.get("appSubmissionId"),
        Some(&JsonValue::Num("88011".into()))
    );
    // Copies keep the string as it was.
    assert!(
        v.to_json()
            .contains(r#""Data":"{\"appSubmissionId\":88011,"#)
    );
    let flat = inspect::flatten(&v);
    assert!(
        flat.iter()
            .any(|f| f.column == "Data.form.title" && f.value == "Inspection")
    );
    let changes = inspect::changes(&v);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        (
            changes[0].path.as_str(),
            changes[0].old.as_str(),
            changes[0].new.as_str()
        ),
        ("Data.changes.status", "draft", "sent")
    );
    let plain = inspect::parse(&d.store().entry_bytes(2)).unwrap();
    assert!(matches!(plain.get("Data"), Some(JsonValue::Str(_))));
}

#[test]
fn cloudtrail_lookup_events_carry_the_event_as_a_string() {
    let event = r#"{\"eventName\":\"DeleteBucket\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"ada\"},\"requestParameters\":{\"bucketName\":\"invoices\"}}"#;
    let log = format!(
        r#"{{"Events":[{{"EventId":"1","EventName":"DeleteBucket","EventTime":"2026-03-01T10:00:00Z","Username":"ada","CloudTrailEvent":"{event}"}}]}}"#
    );
    let d = Dataset::from_bytes(log.into_bytes()).unwrap().0;
    let bucket = d
        .column("CloudTrailEvent.requestParameters.bucketName")
        .expect("decoded");
    assert_eq!(d.store().cell(0, bucket).text(), "invoices");
    // What was acted on is inside the string: detection finds it there.
    assert_eq!(d.role(Role::Target), Some(bucket));
    let mut d = d;
    let actor = d.column("CloudTrailEvent.userIdentity.userName").unwrap();
    assert!(d.set_mapping(&Mapping::parse(
        "actor:CloudTrailEvent.userIdentity.userName"
    )));
    assert_eq!(d.role(Role::Actor), Some(actor), "mappable as a role");
}
