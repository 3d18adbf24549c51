//! How well a profiled field fits each role: the score its name earns (the table in
//! [`names`](super::names)), weighed with what its values look like.

use super::Role;
use super::names::{ERROR_FIELD, name_score};
use super::profile::Profile;

/// What a field decoded from a JSON string loses: the entry's own fields say the
/// same thing better (CloudTrail LookupEvents' `EventName` over
/// `CloudTrailEvent.eventType`).
const DECODED: f64 = 2.5;

/// What an action field of a handful of values over many entries loses.
const FEW: f64 = 1.5;

/// Score of `p` for `role`; `None` if it cannot play it.
pub(super) fn score(role: Role, p: &Profile) -> Option<f64> {
    if role != Role::Details && !p.has_leaf {
        return None;
    }
    let n = p.name.as_str();
    let scalar = !p.container || p.coverage > 0.0 && p.times + p.codes + p.emails + p.numbers > 0.0;
    let base = p.coverage * 2.0
        - p.depth as f64 * 0.6
        - if p.in_array { 2.0 } else { 0.0 }
        - if p.decoded_from.is_some() {
            DECODED
        } else {
            0.0
        };
    let name = name_score(role, n, &p.parent, p.depth);
    let s = match role {
        Role::Time => {
            let name = name?;
            // A field named as the event time may mix encodings and hold some
            // unreadable values; any other field must read as times almost throughout.
            let needed = if name >= 8.0 { 0.5 } else { 0.8 };
            if p.times < needed {
                return None;
            }
            name + p.times * 2.0
        }
        Role::Actor => {
            if !scalar || p.numbers > 0.9 && !n.contains("id") {
                return None;
            }
            name? + p.emails * 2.0
                - if n.contains("id") && p.emails < 0.5 {
                    1.0
                } else {
                    0.0
                }
        }
        Role::Action => {
            // Nor is a document's own metadata (`@type`) what happened.
            if !scalar || p.numbers > 0.5 || p.meta {
                return None;
            }
            // Low-cardinality codes are actions; a handful of values throughout
            // (`eventType: AwsApiCall`) is a category.
            name?
                + p.codes * 2.0
                + if p.few {
                    -FEW
                } else if p.distinct < 0.3 {
                    1.0
                } else {
                    0.0
                }
        }
        Role::Target | Role::App => {
            // In a list of parameters, `name` is the key of a name/value pair
            // (Google Workspace's `parameters[].name`), not a thing acted on.
            let pair_key = p.in_array
                && matches!(n, "name" | "key")
                && matches!(
                    p.parent.as_str(),
                    "parameters" | "params" | "args" | "arguments"
                );
            if !scalar || role == Role::Target && pair_key {
                return None;
            }
            name?
        }
        Role::AppId => name?,
        Role::Category => {
            if !scalar || p.distinct > 0.5 {
                return None;
            }
            name?
        }
        Role::Ip => {
            // A field of IP addresses may play the role whatever its name.
            let name = name.or(if p.ips > 0.9 { Some(3.0) } else { None })?;
            if p.ips < 0.5 {
                return None;
            }
            name + p.ips
        }
        Role::UserAgent => name? + p.agents,
        Role::Severity => {
            let name = name?;
            if p.levels < 0.8 {
                return None;
            }
            name + p.levels
        }
        Role::Outcome => {
            let name = name?;
            // An error field names the failures; others must read as outcomes.
            if p.distinct > 0.3 || name != ERROR_FIELD && p.outcomes < 0.5 {
                return None;
            }
            name + p.outcomes
        }
        Role::Message => name? + (p.avg_len / 40.0).min(1.0),
        Role::Id => {
            if p.distinct > 0.0 && p.distinct < 0.9 {
                return None;
            }
            name?
        }
        Role::Details => {
            if !p.container || p.depth != 1 {
                return None;
            }
            name?
        }
    };
    Some(s + base)
}

/// Why `p` fits `role`, in words, main reasons first: its name, the share of its
/// values that read as the role expects, and how many entries have it.
pub(super) fn reasons(role: Role, p: &Profile, key: &str, parent_key: &str) -> Vec<String> {
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let mut out = vec![if parent_key.is_empty() {
        format!("named “{key}”")
    } else {
        format!("named “{key}” under “{parent_key}”")
    }];
    let share = match role {
        Role::Time => Some((p.times, "read as times")),
        Role::Actor if p.emails > 0.0 => Some((p.emails, "are e-mail addresses")),
        Role::Action | Role::Category if p.codes > 0.0 => Some((p.codes, "look like codes")),
        Role::Ip => Some((p.ips, "are IP addresses")),
        Role::UserAgent => Some((p.agents, "are browser user agents")),
        Role::Severity => Some((p.levels, "read as severity levels")),
        Role::Outcome => Some((p.outcomes, "read as success or failure")),
        _ => None,
    };
    if let Some((x, what)) = share {
        out.push(format!("{} of its values {what}", pct(x)));
    }
    if p.container {
        out.push("an object".into());
    } else {
        out.push(format!("in {} of entries", pct(p.coverage)));
    }
    if p.in_array {
        out.push("inside a list".into());
    }
    if let Some(from) = &p.decoded_from {
        out.push(format!("decoded from the string in “{from}”"));
    }
    if role == Role::Action && p.few {
        out.push("few values throughout: a category".into());
    }
    if role == Role::Target && names_object(&p.name) {
        out.push("names the acted-on object, not its type or id".into());
    }
    out
}

/// What `other` lost against `chosen` for `role` by the rules that prefer the entry's
/// own fields and the actions of many values (0 when neither applied).
pub(super) fn handicap(role: Role, chosen: &Profile, other: &Profile) -> f64 {
    let decoded = if chosen.decoded_from.is_none() && other.decoded_from.is_some() {
        DECODED
    } else {
        0.0
    };
    // A few-valued action loses FEW and the low-cardinality bonus.
    let few = if role == Role::Action && other.few && !chosen.few {
        FEW + 1.0
    } else {
        0.0
    };
    decoded + few
}

/// Why `chosen` comes before `other` (at `other_path`), which it beat by [`handicap`].
pub(super) fn preferred(chosen: &Profile, other: &Profile, other_path: &str) -> String {
    if chosen.decoded_from.is_none() && other.decoded_from.is_some() {
        let what = if chosen.depth == 1 {
            "top-level field"
        } else {
            "field"
        };
        format!("{what} preferred over “{other_path}” decoded from a string")
    } else {
        format!("preferred over “{other_path}”: few values, a category")
    }
}

/// Whether a key names a thing (`displayName`, `ResourceName`, `title`).
fn names_object(n: &str) -> bool {
    n.ends_with("name") || n == "title" || n == "arn"
}
