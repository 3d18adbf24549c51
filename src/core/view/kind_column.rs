//! The Kind column: the kind of event each entry's action makes
//! ([`crate::core::kind`]), offered beside the log's own fields. Its cells are the
//! kinds' names as `kind:` in queries reads them, so what the column shows is what
//! its filter box and the query match; the reason is the cell's title.

use crate::core::dataset::Dataset;
use crate::core::engine::memory::kinds;
use crate::core::kind::Overrides;
use crate::core::query::lang::fields::KIND;
use crate::core::roles::Role;
use crate::core::store::Row;

/// The Kind column's name in headers, `cols=` and CSV headers.
pub(crate) const NAME: &str = KIND;

/// Width of the column in characters: its longest name, `failed-sign-in`.
pub(crate) const WIDTH_CH: u16 = 15;

/// True if the table can offer a Kind column on `ds`: the log has an action, and
/// no field of the column's name (that field is the column then, as `kind:` reads it).
pub(crate) fn offered(ds: &Dataset) -> bool {
    ds.role(Role::Action).is_some() && ds.column(NAME).is_none()
}

/// The Kind cell of `row` and why (for its title); empty without an action value.
pub(crate) fn cell(ds: &Dataset, row: Row, overrides: &Overrides) -> (String, Option<String>) {
    match kinds::of_entry(ds, row, overrides) {
        Some((k, why)) => (k.key().to_string(), Some(why)),
        None => (String::new(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::kind::EventKind;
    use crate::core::query::FilterSpec;
    use crate::core::query::select::filter;

    fn ds(body: &str) -> Dataset {
        Dataset::from_bytes(body.as_bytes().to_vec()).unwrap().0
    }

    #[test]
    fn each_cell_is_the_kind_name_its_filter_matches() {
        let d = ds(r#"[
 {"action":"user.login","outcome":"FAILURE"},
 {"action":"user.twoFactor.remove"},
 {"action":"invoice.paid"},
 {"other":1}
]"#);
        assert!(offered(&d));
        let overrides = Overrides::new([("invoice.paid".to_string(), EventKind::Send)]);
        let cells: Vec<String> = (0..4).map(|r| cell(&d, r, &overrides).0).collect();
        assert_eq!(cells, ["failed-sign-in", "mfa", "send", ""]);
        assert!(
            cell(&d, 1, &overrides)
                .1
                .unwrap()
                .contains("`user.twoFactor.remove`")
        );
        // What a cell reads is what `kind:` keeps.
        for (r, name) in cells.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
            let spec = FilterSpec {
                search: format!("kind:{name}"),
                kinds: overrides.clone(),
                ..Default::default()
            };
            assert!(filter(&d, &spec).contains(r as u32), "{name}");
        }
    }

    #[test]
    fn no_action_or_a_field_named_kind_offers_no_column() {
        assert!(!offered(&ds(r#"[{"user":"ada"}]"#)));
        assert!(!offered(&ds(r#"[{"action":"login","kind":"x"}]"#)));
    }
}
