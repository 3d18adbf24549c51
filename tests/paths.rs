//! Keys that hold the path separator: `{"a.b": ...}` beside `{"a": {"b": ...}}`
//! are two fields, each reachable from the URL by `f.`, `cols=`, `sort=` and `map=`.

use trailview::core::dataset::Dataset;
use trailview::core::inspect;
use trailview::core::query::{Sort, ViewState, filter, sort_rows};
use trailview::core::roles::Role;

const LOG: &str = r#"[
 {"id":"1","a.b":"dotted-z","a":{"b":"nested-a"},"x,y":"comma-1"},
 {"id":"2","a.b":"dotted-a","a":{"b":"nested-z"},"x,y":"comma-2"},
 {"id":"3","a":{"b":"dotted-z"}}
]"#;

fn loaded() -> Dataset {
    Dataset::from_bytes(LOG.as_bytes().to_vec()).unwrap().0
}

/// The ids of the rows a URL's filters and sort give, in order.
fn ids_for(d: &Dataset, query: &str) -> Vec<String> {
    let v = ViewState::from_query(query);
    let rows = filter(d, &v.filter_spec(0, None));
    let (col, desc) = match &v.sort {
        Sort::By { col, desc } => (d.column(col), *desc),
        _ => (None, false),
    };
    assert!(
        !matches!(v.sort, Sort::By { .. }) || col.is_some(),
        "sort column of {query} not found"
    );
    let id = d.column("id").unwrap();
    sort_rows(d, &rows, col, desc)
        .into_iter()
        .map(|r| d.store().cell(r, id).text().into_owned())
        .collect()
}

#[test]
fn a_dotted_key_and_the_nested_key_are_two_fields() {
    let d = loaded();
    let dotted = d.column(r"a\.b").expect("the dotted key");
    let nested = d.column("a.b").expect("the nested key");
    assert_ne!(dotted, nested);
    assert_eq!(d.store().cell(0, dotted).text(), "dotted-z");
    assert_eq!(d.store().cell(0, nested).text(), "nested-a");
    assert_eq!(d.store().node(dotted).name, "a.b", "the key as written");
}

#[test]
fn filters_and_sorts_reach_each_one_from_the_url() {
    let d = loaded();
    assert_eq!(ids_for(&d, r"f.a%5C.b=%3Ddotted-z"), ["1"]);
    assert_eq!(ids_for(&d, "f.a.b=%3Ddotted-z"), ["3"]);
    assert_eq!(ids_for(&d, r"sort=a%5C.b"), ["2", "1", "3"]);
    assert_eq!(ids_for(&d, "sort=a.b"), ["3", "1", "2"]);
    assert_eq!(ids_for(&d, r"f.x%5C,y=comma-2"), ["2"]);
}

#[test]
fn column_lists_and_mappings_keep_escaped_commas_and_dots() {
    let d = loaded();
    let v = ViewState::from_query(r"cols=a%5C.b,a.b,x%5C,y&map=actor:a%5C.b,target:x%5C,y");
    let cols = v.cols.clone().unwrap();
    assert_eq!(cols, [r"a\.b", "a.b", r"x\,y"]);
    assert!(cols.iter().all(|c| d.column(c).is_some()), "{cols:?}");
    let mut d = d;
    assert!(d.set_mapping(&v.map));
    assert_eq!(d.role(Role::Actor), d.column(r"a\.b"));
    assert_eq!(d.role(Role::Target), d.column(r"x\,y"));
    let back = ViewState::from_query(&v.to_query());
    assert_eq!((back.cols, back.map), (v.cols, v.map), "round trip");
}

#[test]
fn the_entry_panel_files_each_value_under_its_own_column() {
    let d = loaded();
    let v = inspect::parse(&d.store().entry_bytes(0)).unwrap();
    let flat = inspect::flatten(&v);
    let col_of = |value: &str| {
        flat.iter()
            .find(|f| f.value == value)
            .map(|f| f.column.clone())
            .unwrap()
    };
    assert_eq!(col_of("dotted-z"), r"a\.b");
    assert_eq!(col_of("nested-a"), "a.b");
    assert!(d.column(&col_of("comma-1")).is_some());
}
