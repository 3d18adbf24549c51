//! Which field gets which role, pinned: the score of every role for several
//! thousand field paths, recorded in `snapshot.tsv` beside this file.
//!
//! The paths are every key path of the test fixtures, of the JSON in the tests and of
//! the generated audit log, plus variants of every name the role rules know: camelCase,
//! snake_case, kebab-case, upper case, `@`/`_`/`$` prefixes, escaped dots, nesting
//! (`event.time`), common parents (`actor.`, `target.`, `requestParameters.`,
//! `resources[].`) and words that hold a rule's word by chance (`zip`, `paid`, `byline`).
//! Each path is scored under four value profiles, so that the rules gated on values
//! (times, e-mail addresses, IPs, severity levels, outcomes, distinct values) are
//! pinned too: `S` a leaf whose values read as every sort (70% as times and IPs, enough
//! only for a field named for them), `W` a sparse leaf whose values mostly do not, `U` a
//! leaf of unique, mostly numeric values (90% times, 95% IPs) and `O` an object.
//!
//! A line is the path, then for each profile the roles it scores for (`role=score`,
//! `-` for none), tab-separated. To add paths, append them as lines of their own and
//! rerun with `TRAILVIEW_SNAPSHOT=update`; a change to the rules that moves a score
//! shows as a diff of this file, to be reviewed before it is recorded.

use super::Role;
use super::profile::{Profile, norm};
use super::score::score;

const SNAPSHOT: &str = include_str!("snapshot.tsv");

/// The value profiles each path is scored under, by their letter in the snapshot.
fn profiles() -> [(char, Profile); 4] {
    let leaf = Profile {
        has_leaf: true,
        ..Default::default()
    };
    [
        (
            'S',
            Profile {
                coverage: 1.0,
                times: 0.7,
                emails: 1.0,
                ips: 0.7,
                agents: 1.0,
                codes: 1.0,
                levels: 1.0,
                outcomes: 1.0,
                avg_len: 30.0,
                ..leaf.clone()
            },
        ),
        (
            'W',
            Profile {
                coverage: 0.5,
                times: 0.4,
                ips: 0.6,
                agents: 0.2,
                codes: 0.3,
                numbers: 0.2,
                levels: 0.85,
                outcomes: 0.6,
                distinct: 0.2,
                avg_len: 80.0,
                ..leaf.clone()
            },
        ),
        (
            'U',
            Profile {
                coverage: 1.0,
                times: 0.9,
                emails: 0.4,
                ips: 0.95,
                numbers: 0.95,
                levels: 0.5,
                outcomes: 0.4,
                distinct: 1.0,
                avg_len: 5.0,
                ..leaf.clone()
            },
        ),
        (
            'O',
            Profile {
                container: true,
                coverage: 1.0,
                ..leaf
            },
        ),
    ]
}

/// The keys of a path (`a\.b.c[].d` is `a.b`, `c`, `[]`, `d`), unescaped.
fn keys(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut key = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => key.extend(chars.next()),
            // `c[].d`: the `.` after `[]` starts the next key.
            '.' if key.is_empty() && out.last().is_some_and(|k| k == "[]") => {}
            '.' => out.push(std::mem::take(&mut key)),
            '[' if chars.peek() == Some(&']') => {
                chars.next();
                if !key.is_empty() {
                    out.push(std::mem::take(&mut key));
                }
                out.push("[]".into());
            }
            _ => key.push(c),
        }
    }
    if !key.is_empty() || out.is_empty() || path.ends_with('.') {
        out.push(key);
    }
    out
}

/// What profiling the field at `path` finds about its place, as `profile` does.
fn placed(path: &str, values: &Profile) -> Profile {
    let keys = keys(path);
    let name = keys.last().map(String::as_str).unwrap_or_default();
    let parent = keys[..keys.len() - 1]
        .iter()
        .rev()
        .find(|k| *k != "[]")
        .map(|k| norm(k))
        .unwrap_or_default();
    Profile {
        name: norm(name),
        parent,
        meta: name.starts_with('$') || name.starts_with("@type") || name.starts_with("@odata"),
        depth: keys.len(),
        in_array: path.contains("[]"),
        ..values.clone()
    }
}

/// The snapshot line for `path`.
fn line(path: &str) -> String {
    let mut out = path.to_string();
    for (letter, values) in profiles() {
        let p = placed(path, &values);
        let scores: Vec<String> = Role::ALL
            .into_iter()
            .filter_map(|r| score(r, &p).map(|s| format!("{}={s}", r.key())))
            .collect();
        let scores = if scores.is_empty() {
            "-".to_string()
        } else {
            scores.join(" ")
        };
        out.push_str(&format!("\t{letter} {scores}"));
    }
    out
}

#[test]
fn path_keys() {
    assert_eq!(keys("a\\.b.c[].d"), ["a.b", "c", "[]", "d"]);
    assert_eq!(keys("data[][]"), ["data", "[]", "[]"]);
    assert_eq!(keys("[]"), ["[]"]);
    let p = placed("resources[].ARN", &Profile::default());
    assert_eq!((p.name.as_str(), p.parent.as_str()), ("arn", "resources"));
    assert_eq!((p.depth, p.in_array), (3, true));
}

#[test]
fn every_field_keeps_its_role_scores() {
    let paths: Vec<&str> = SNAPSHOT
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').next().unwrap_or(l))
        .collect();
    assert!(paths.len() > 3000, "the corpus is the snapshot's paths");
    let now: Vec<String> = paths.iter().map(|p| line(p)).collect();
    if std::env::var("TRAILVIEW_SNAPSHOT").as_deref() == Ok("update") {
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/src/core/roles/snapshot.tsv");
        std::fs::write(file, now.join("\n") + "\n").unwrap();
        return;
    }
    let changed: Vec<String> = SNAPSHOT
        .lines()
        .filter(|l| !l.is_empty())
        .zip(&now)
        .filter(|(was, is)| was != is)
        .map(|(was, is)| format!("was {was}\nnow {is}"))
        .collect();
    assert!(
        changed.is_empty(),
        "{} of {} fields score differently (TRAILVIEW_SNAPSHOT=update records it):\n{}",
        changed.len(),
        paths.len(),
        changed[..changed.len().min(20)].join("\n")
    );
}
