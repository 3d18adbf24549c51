//! Saved views: a view under a name, written as its URL query without the source (a
//! view is saved per source, so no part of the source, secrets included, is in it;
//! tokens are never in a URL). The browser keeps them per source; they travel as a
//! small JSON file; a deployment ships its own in `trailview.json`.

use crate::core::query::ViewState;
use serde::{Deserialize, Serialize};

/// Longest name kept (characters).
pub(crate) const MAX_NAME: usize = 100;
/// Most views kept per source.
pub(crate) const MAX_VIEWS: usize = 200;
/// Largest views file read (bytes).
pub(crate) const MAX_FILE: usize = 1 << 20;

/// One saved view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    /// What the admin called it.
    pub name: String,
    /// The view's URL query, without `source`.
    pub query: String,
}

/// The file views are exported to and imported from.
#[derive(Serialize, Deserialize)]
struct ViewsFile {
    /// Always `"views"`: says what the file is.
    trailview: String,
    /// The format's version (1).
    version: u32,
    views: Vec<SavedView>,
}

/// The query a view is saved as: `view` over the deployment's `base`, without its
/// source and without what only live refresh sets (`shift`, `top`).
pub(crate) fn query_of(view: &ViewState, base: &ViewState) -> String {
    let mut v = view.clone();
    v.source = base.source.clone();
    v.shift = 0;
    v.top = None;
    v.to_query_over(base)
}

/// The view `saved` describes over `base`, opened from `current`: it changes what is
/// shown, never how the log is fetched or what is masked. The source, paging, auth and
/// limit stay `current`'s, and masking can only grow (a views file may come from
/// anyone).
pub(crate) fn open(saved: &SavedView, base: &ViewState, current: &ViewState) -> ViewState {
    let v = ViewState::from_query_over(&saved.query, base);
    ViewState {
        source: current.source.clone(),
        paging: current.paging.clone(),
        auth: current.auth.clone(),
        limit: current.limit,
        redact: current.redact.union(&v.redact),
        ..v
    }
}

/// The key the views of `source` are stored under: a digest, so the storage holds
/// nothing of the source itself.
pub(crate) fn storage_key(source: &str) -> String {
    let hex = crate::core::trust::manifest::sha256_hex(source.as_bytes());
    format!("trailview.views.{}", &hex[..24])
}

/// `name` cleaned: trimmed, control characters dropped, at most [`MAX_NAME`]
/// characters; `None` if nothing is left.
pub(crate) fn clean_name(name: &str) -> Option<String> {
    let name: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME)
        .collect::<String>()
        .trim()
        .to_string();
    (!name.is_empty()).then_some(name)
}

/// `views` with `view` saved: replacing the one of the same name (true), or added
/// at the end (false). Err when the list is full.
pub(crate) fn save(views: &mut Vec<SavedView>, view: SavedView) -> Result<bool, String> {
    if let Some(old) = views.iter_mut().find(|v| v.name == view.name) {
        *old = view;
        return Ok(true);
    }
    if views.len() >= MAX_VIEWS {
        return Err(format!(
            "At most {MAX_VIEWS} views are kept for a log: delete one first."
        ));
    }
    views.push(view);
    Ok(false)
}

/// Renames view `i` to `name`; Err if another view has that name.
pub(crate) fn rename(views: &mut [SavedView], i: usize, name: String) -> Result<(), String> {
    if views
        .iter()
        .enumerate()
        .any(|(j, v)| j != i && v.name == name)
    {
        return Err(format!("A view named “{name}” exists already."));
    }
    if let Some(v) = views.get_mut(i) {
        v.name = name;
    }
    Ok(())
}

/// The stored list (`None` or unreadable: empty).
pub(crate) fn from_storage(text: Option<&str>) -> Vec<SavedView> {
    text.and_then(|t| serde_json::from_str::<Vec<SavedView>>(t).ok())
        .unwrap_or_default()
}

/// The list as stored.
pub(crate) fn to_storage(views: &[SavedView]) -> String {
    serde_json::to_string(views).unwrap_or_else(|_| "[]".into())
}

/// The views as a file (pretty JSON).
pub(crate) fn to_file(views: &[SavedView]) -> String {
    serde_json::to_string_pretty(&ViewsFile {
        trailview: "views".into(),
        version: 1,
        views: views.to_vec(),
    })
    .unwrap_or_default()
}

/// The views of a file, names cleaned; Err says what is wrong with it.
pub(crate) fn from_file(bytes: &[u8]) -> Result<Vec<SavedView>, String> {
    if bytes.len() > MAX_FILE {
        return Err("This file is larger than 1 MB: it is not a views file.".into());
    }
    let file: ViewsFile = serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "This is not a views file (line {}, column {}: {e}).",
            e.line(),
            e.column()
        )
    })?;
    if file.trailview != "views" || file.version != 1 {
        return Err("This is not a Trailview views file of version 1.".into());
    }
    Ok(file
        .views
        .into_iter()
        .filter_map(|v| {
            Some(SavedView {
                name: clean_name(&v.name)?,
                query: v.query,
            })
        })
        .collect())
}

/// Adds `incoming` to `views`: a name already taken gets " (2)", " (3)"… Returns how
/// many were added (the list stops at [`MAX_VIEWS`]).
pub(crate) fn merge(views: &mut Vec<SavedView>, incoming: Vec<SavedView>) -> usize {
    let mut added = 0;
    for mut v in incoming {
        if views.len() >= MAX_VIEWS {
            break;
        }
        if views.iter().any(|x| x == &v) {
            continue;
        }
        let base = v.name.clone();
        let mut n = 2;
        while views.iter().any(|x| x.name == v.name) {
            v.name = format!("{base} ({n})");
            n += 1;
        }
        views.push(v);
        added += 1;
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::query::Sort;

    fn view() -> ViewState {
        ViewState {
            source: Some("https://api.example.com/audit?key=s3cret".into()),
            q: "type:user.login -actor:*bot*".into(),
            sort: Sort::By {
                col: "userEmail".into(),
                desc: false,
            },
            page: 2,
            shift: 3,
            top: Some("e9".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_view_is_saved_without_its_source_and_opens_on_the_source_open() {
        let base = ViewState::default();
        let q = query_of(&view(), &base);
        assert!(!q.contains("source") && !q.contains("s3cret"), "{q}");
        assert!(!q.contains("shift") && !q.contains("top="), "{q}");
        let saved = SavedView {
            name: "Logins".into(),
            query: q,
        };
        let current = ViewState {
            source: Some("https://other.example/log".into()),
            ..Default::default()
        };
        let opened = open(&saved, &base, &current);
        assert_eq!(opened.q, "type:user.login -actor:*bot*");
        assert_eq!(opened.page, 2);
        assert_eq!(opened.sort, view().sort);
        assert_eq!(opened.source.as_deref(), Some("https://other.example/log"));
    }

    #[test]
    fn a_view_from_anywhere_cannot_change_how_the_log_is_fetched_or_unmask_it() {
        let base = ViewState::default();
        let current = ViewState {
            source: Some("https://api.example.com/audit".into()),
            redact: crate::core::trust::redact::Redaction::parse("email"),
            ..Default::default()
        };
        let hostile = SavedView {
            name: "x".into(),
            query:
                "source=https://evil.example/&auth=cookies&paging=offset&limit=5&redact=ip&q=ada"
                    .into(),
        };
        let opened = open(&hostile, &base, &current);
        assert_eq!(opened.q, "ada");
        assert_eq!(opened.source, current.source);
        assert_eq!(
            (&opened.auth, &opened.paging, opened.limit),
            (&current.auth, &current.paging, current.limit)
        );
        // Masking only grows: email stays, ip is added.
        assert_eq!(
            opened.redact,
            current
                .redact
                .union(&crate::core::trust::redact::Redaction::parse("ip"))
        );
    }

    #[test]
    fn the_storage_key_holds_nothing_of_the_source() {
        let k = storage_key("https://api.example.com/audit?key=s3cret");
        assert!(k.starts_with("trailview.views."));
        assert!(!k.contains("example") && !k.contains("s3cret"));
        assert_ne!(k, storage_key("https://api.example.com/audit?key=other"));
    }

    #[test]
    fn saving_a_name_again_replaces_it_and_renaming_keeps_names_apart() {
        let mut views = Vec::new();
        let v = |name: &str, query: &str| SavedView {
            name: name.into(),
            query: query.into(),
        };
        assert_eq!(save(&mut views, v("A", "q=1")), Ok(false));
        assert_eq!(save(&mut views, v("B", "q=2")), Ok(false));
        assert_eq!(save(&mut views, v("A", "q=3")), Ok(true));
        assert_eq!(views, vec![v("A", "q=3"), v("B", "q=2")]);
        assert!(rename(&mut views, 1, "A".into()).is_err());
        rename(&mut views, 1, "C".into()).unwrap();
        assert_eq!(views[1].name, "C");
        for i in 0..MAX_VIEWS {
            let _ = save(&mut views, v(&format!("n{i}"), ""));
        }
        assert_eq!(views.len(), MAX_VIEWS);
        assert!(save(&mut views, v("one more", "")).is_err());
    }

    #[test]
    fn a_views_file_round_trips_and_a_wrong_file_says_why() {
        let views = vec![
            SavedView {
                name: "Failed sign-ins <b>".into(),
                query: "q=outcome:failure".into(),
            },
            SavedView {
                name: "2FA".into(),
                query: "q=type:*twofactor*&sort=-createdAt".into(),
            },
        ];
        let file = to_file(&views);
        assert_eq!(from_file(file.as_bytes()), Ok(views.clone()));
        let err = from_file(b"{\"views\": 3}").unwrap_err();
        assert!(err.starts_with("This is not a views file (line 1"), "{err}");
        assert!(
            from_file(br#"{"trailview":"log","version":1,"views":[]}"#)
                .unwrap_err()
                .contains("version 1")
        );
        assert!(from_file(&vec![b' '; MAX_FILE + 1]).is_err());
        // Stored lists read back; junk reads as none.
        assert_eq!(from_storage(Some(&to_storage(&views))), views);
        assert!(from_storage(Some("not json")).is_empty());
    }

    #[test]
    fn imported_names_are_cleaned_and_kept_apart() {
        let mut views = vec![SavedView {
            name: "A".into(),
            query: "q=1".into(),
        }];
        let incoming = vec![
            SavedView {
                name: "A".into(),
                query: "q=1".into(),
            },
            SavedView {
                name: " A\u{7}".into(),
                query: "q=2".into(),
            },
            SavedView {
                name: "A".into(),
                query: "q=3".into(),
            },
        ];
        let file = to_file(&incoming);
        let read = from_file(file.as_bytes()).unwrap();
        assert_eq!(
            merge(&mut views, read),
            2,
            "the same view is not added twice"
        );
        let names: Vec<_> = views.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["A", "A (2)", "A (3)"]);
        assert_eq!(clean_name("  \n "), None);
        assert_eq!(
            clean_name(&"x".repeat(500)).unwrap().chars().count(),
            MAX_NAME
        );
    }
}
