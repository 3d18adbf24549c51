//! Following the actor in memory: planted hops among noise come back exactly, in
//! order, with their depth, how and what they introduce; the window, the depth and
//! the event caps cut where they should and say so; a start without a target
//! follows nothing.

use super::*;
use crate::core::roles::Mapping;
use crate::core::time::{Zone, format_iso};
use serde_json::{Value, json};

/// 2026-01-01T00:00:00Z.
pub(crate) const T0: EpochMs = 1_767_225_600_000;
const SEC: EpochMs = 1000;

/// An entry: its id, second after [`T0`], actor, action and target (`None`: none).
pub(crate) fn event(id: u64, s: i64, actor: &str, action: &str, target: Option<&str>) -> Value {
    let mut e = json!({
        "id": id,
        "time": format_iso(T0 + s * SEC, Zone::Utc),
        "actor": actor,
        "action": action,
    });
    if let Some(t) = target {
        e["target"] = json!(t);
    }
    e
}

/// The entries loaded in order, their roles mapped.
pub(crate) fn load(entries: &[Value]) -> Dataset {
    let ndjson: String = entries.iter().map(|e| format!("{e}\n")).collect();
    let mut ds = Dataset::from_bytes(ndjson.into_bytes()).unwrap().0;
    ds.set_mapping(&Mapping::parse(
        "time:time,actor:actor,action:action,target:target,id:id",
    ));
    ds
}

/// The row whose id is `id`.
fn row(ds: &Dataset, id: u64) -> Row {
    ds.find_entry(&id.to_string()).unwrap()
}

/// A hop as (entry, action, depth, how, introduces).
fn brief(h: &Hop) -> (&str, &str, u8, How, Option<&str>) {
    (
        h.entry.as_str(),
        h.action.as_deref().unwrap_or(""),
        h.depth,
        h.how,
        h.introduces.as_deref(),
    )
}

/// A invites U (id 1, the start); U's story among noise, loaded out of time order.
fn story() -> Vec<Value> {
    vec![
        event(20, 30, "V", "v.early", Some("X")),
        event(1, 0, "A", "user.invite", Some("U")),
        event(2, -10, "U", "before.window", Some("Z")),
        event(3, 5, "admin", "role.grant", Some("U")),
        event(4, 7, "N1", "noise", Some("N2")),
        event(5, 10, "U", "mfa.disable", Some("U")),
        event(6, 12, "admin", "noise.null", None),
        event(7, 15, "u", "case.differs", Some("u")),
        event(8, 20, "U", "data.export", None),
        event(9, 25, "V", "v.before", Some("Y")),
        event(10, 30, "U", "user.invite", Some("V")),
        event(11, 30, "V", "v.same.second", None),
        event(12, 40, "V", "project.delete", Some("P")),
        event(13, 45, "N3", "noise", Some("N4")),
        event(14, 50, "admin", "project.restore", Some("P")),
        event(15, 100, "U", "late.login", None),
        event(16, 0, "N5", "noise.at.start", Some("N6")),
    ]
}

#[test]
fn the_planted_hops_come_back_in_order() {
    let ds = load(&story());
    let c = follow(&ds, row(&ds, 1), 60 * SEC);
    assert_eq!(c.from.as_deref(), Some("U"));
    assert_eq!(c.window_ms, 60 * SEC);
    assert_eq!(c.truncated, None);
    let got: Vec<_> = c.hops.iter().map(brief).collect();
    assert_eq!(
        got,
        [
            ("3", "role.grant", 1, How::DoneTo, None),
            ("5", "mfa.disable", 1, How::Did, None),
            ("8", "data.export", 1, How::Did, None),
            ("10", "user.invite", 1, How::Did, Some("V")),
            ("11", "v.same.second", 2, How::Did, None),
            ("12", "project.delete", 2, How::Did, Some("P")),
            ("14", "project.restore", 3, How::DoneTo, None),
        ]
    );
    // The evidence: the entry's own time and texts.
    let grant = &c.hops[0];
    assert_eq!(grant.time, T0 + 5 * SEC);
    assert_eq!(grant.actor.as_deref(), Some("admin"));
    assert_eq!(grant.target.as_deref(), Some("U"));
    assert_eq!(c.hops[2].target, None);
    let found = ds.find_entry(&grant.entry).unwrap();
    assert_eq!(ds.entry_key(found), "3");
}

#[test]
fn a_wider_window_adds_the_late_hop() {
    let ds = load(&story());
    let narrow = follow(&ds, row(&ds, 1), 60 * SEC);
    let wide = follow(&ds, row(&ds, 1), 100 * SEC);
    assert_eq!(wide.hops.len(), narrow.hops.len() + 1);
    assert_eq!(wide.hops[..narrow.hops.len()], narrow.hops[..]);
    let late = wide.hops.last().unwrap();
    assert_eq!(brief(late), ("15", "late.login", 1, How::Did, None));
    // The window's end is in it; a second less leaves the late hop out.
    assert_eq!(follow(&ds, row(&ds, 1), 100 * SEC - 1).hops, narrow.hops);
    // No window: only what happened in the start's own millisecond.
    assert!(follow(&ds, row(&ds, 1), 0).hops.is_empty());
}

#[test]
fn the_depth_cap_stops_following_and_says_so() {
    // U1 → U2 → U3 → U4 → U5: U5 would be at depth 5.
    let mut log = vec![event(1, 0, "A", "invite", Some("U1"))];
    for d in 1..=5u64 {
        log.push(event(
            d + 1,
            d as i64,
            &format!("U{d}"),
            "invite",
            Some(&format!("U{}", d + 1)),
        ));
    }
    log.push(event(10, 20, "U5", "acts", None));
    log.push(event(11, 21, "B", "grant", Some("U5")));
    let ds = load(&log);
    let c = follow(&ds, row(&ds, 1), 60 * SEC);
    let got: Vec<_> = c.hops.iter().map(brief).collect();
    assert_eq!(
        got,
        [
            ("2", "invite", 1, How::Did, Some("U2")),
            ("3", "invite", 2, How::Did, Some("U3")),
            ("4", "invite", 3, How::Did, Some("U4")),
            ("5", "invite", 4, How::Did, None),
        ]
    );
    assert_eq!(c.truncated, Some(Cut::Depth));
    // Without U4's invite nothing is left unfollowed.
    log.remove(4);
    let ds = load(&log);
    assert_eq!(follow(&ds, row(&ds, 1), 60 * SEC).truncated, None);
}

#[test]
fn the_event_cap_lists_the_first_and_says_so() {
    let many = |n: u64| {
        let mut log = vec![event(0, 0, "A", "invite", Some("U"))];
        // Loaded newest first: the chain still lists them oldest first.
        log.extend((1..=n).rev().map(|i| event(i, i as i64, "U", "read", None)));
        load(&log)
    };
    let ds = many(MAX_EVENTS as u64 + 50);
    let c = follow(&ds, row(&ds, 0), 1000 * SEC);
    assert_eq!(c.hops.len(), MAX_EVENTS);
    assert_eq!(c.truncated, Some(Cut::Events));
    let entries: Vec<String> = c.hops.iter().map(|h| h.entry.clone()).collect();
    let first: Vec<String> = (1..=MAX_EVENTS).map(|i| i.to_string()).collect();
    assert_eq!(entries, first);
    // Exactly as many as listed: nothing is cut.
    let ds = many(MAX_EVENTS as u64);
    let c = follow(&ds, row(&ds, 0), 1000 * SEC);
    assert_eq!((c.hops.len(), c.truncated), (MAX_EVENTS, None));
}

#[test]
fn a_start_without_a_target_follows_nothing() {
    let mut log = story();
    log.push(event(30, 0, "A", "login", None));
    log.push(json!({"id": 31, "time": format_iso(T0, Zone::Utc), "actor": "A", "target": null}));
    log.push(json!({"id": 32, "time": format_iso(T0, Zone::Utc), "actor": "A", "target": ""}));
    log.push(json!({"id": 33, "time": "not a time", "actor": "A", "target": "U"}));
    let ds = load(&log);
    for id in [30, 31, 32, 33] {
        let c = follow(&ds, row(&ds, id), 60 * SEC);
        assert_eq!(c.from, None, "{id}");
        assert!(c.hops.is_empty(), "{id}");
        assert_eq!(c.truncated, None);
    }
}

#[test]
fn masked_and_empty_values_are_no_one() {
    let masked = format!("{MASK} redacted");
    let log = vec![
        event(1, 0, "A", "invite", Some(&masked)),
        event(2, 1, &masked, "acts", Some("B")),
        event(3, 0, "A", "invite", Some("U")),
        event(4, 2, "U", "touch", Some(&masked)),
        event(5, 3, &masked, "acts", None),
        event(6, 4, "U", "touch", Some("")),
        event(7, 5, "", "acts", Some("C")),
    ];
    let ds = load(&log);
    let masked_start = follow(&ds, row(&ds, 1), 60 * SEC);
    assert_eq!((masked_start.from, masked_start.hops.len()), (None, 0));
    let c = follow(&ds, row(&ds, 3), 60 * SEC);
    let got: Vec<_> = c.hops.iter().map(brief).collect();
    assert_eq!(
        got,
        [
            ("4", "touch", 1, How::Did, None),
            ("6", "touch", 1, How::Did, None)
        ]
    );
}

#[test]
fn a_fence_keeps_the_chain_inside_it() {
    let ds = load(&story());
    let all = follow(&ds, row(&ds, 1), 60 * SEC);
    // Without the entry that brings V in, V's events are not followed either.
    let invite = ds.find_entry("10").unwrap();
    let fence = crate::core::query::RowSet::from_rows(
        ds.len(),
        (0..ds.len() as u32).filter(|&r| r != invite),
    );
    let fenced = follow_within(&ds, row(&ds, 1), 60 * SEC, Some(&fence));
    let got: Vec<_> = fenced.hops.iter().map(|h| h.entry.as_str()).collect();
    assert_eq!(got, ["3", "5", "8"]);
    assert!(fenced.hops.len() < all.hops.len());
    assert_eq!(follow_within(&ds, row(&ds, 1), 60 * SEC, None), all);
}
