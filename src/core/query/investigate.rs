//! Built-in investigations: the questions admins bring most (the Fliplet audit
//! log article's examples, plus failed sign-ins, permission changes and settings
//! changed), each an ordinary query built from kinds and roles, never from one
//! vendor's action names, so it reads and edits like any other.

use crate::core::dataset::Dataset;
use crate::core::kind::Overrides;
use crate::core::query::{FilterSpec, filter};

/// One built-in question and its query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Investigation {
    /// What it answers.
    pub name: &'static str,
    /// The search box's query that answers it.
    pub query: &'static str,
}

/// Every built-in investigation, in the order offered.
pub const ALL: [Investigation; 8] = [
    Investigation {
        name: "Who signed in recently",
        query: "kind:sign-in",
    },
    Investigation {
        name: "Who added or removed 2FA",
        query: "kind:mfa",
    },
    Investigation {
        name: "E-mails, push notifications and SMS sent, and their status",
        query: "kind:send",
    },
    Investigation {
        name: "Files uploaded, moved or deleted",
        query: "(action:*file* OR action:*upload* OR action:*document* OR action:*attachment* OR action:*media*) (kind:create OR kind:update OR kind:delete)",
    },
    Investigation {
        name: "Apps published, and by whom",
        query: "kind:publish",
    },
    Investigation {
        name: "Failed sign-ins",
        query: "kind:failed-sign-in",
    },
    Investigation {
        name: "Permission changes",
        query: "kind:permission",
    },
    Investigation {
        name: "Settings changed (old -> new)",
        query: "kind:settings",
    },
];

/// The investigations `ds` has entries for (within app `scope`), with how many.
pub fn available(
    ds: &Dataset,
    scope: Option<&str>,
    kinds: &Overrides,
) -> Vec<(Investigation, usize)> {
    ALL.iter()
        .map(|i| {
            let spec = FilterSpec {
                search: i.query.to_string(),
                scope: scope.map(str::to_string),
                kinds: kinds.clone(),
                ..Default::default()
            };
            (*i, filter(ds, &spec).count())
        })
        .filter(|&(_, n)| n > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::query::lang;

    #[test]
    fn every_query_parses_and_names_no_vendors_actions() {
        let ds = Dataset::from_bytes(br#"[{"type":"user.login"}]"#.to_vec())
            .unwrap()
            .0;
        for i in ALL {
            let q = lang::parse(i.query, &ds).unwrap_or_else(|e| panic!("{}: {e:?}", i.name));
            assert!(q.root.is_some());
            assert!(
                !i.query.contains('.'),
                "{}: no vendor's dotted action names",
                i.name
            );
        }
    }

    #[test]
    fn only_questions_the_log_can_answer_are_offered_with_their_counts() {
        let body = r#"[
 {"time":"2026-01-01T10:00:00Z","actor":"ada","action":"user.login"},
 {"time":"2026-01-01T10:01:00Z","actor":"ada","action":"user.login.failed"},
 {"time":"2026-01-01T10:02:00Z","actor":"bob","action":"mediaFile.remove"},
 {"time":"2026-01-01T10:03:00Z","actor":"bob","action":"booking.remove"},
 {"time":"2026-01-01T10:04:00Z","actor":"eve","action":"settings.branding.update","app":"Shop"}
]"#;
        let ds = Dataset::from_bytes(body.as_bytes().to_vec()).unwrap().0;
        let got: Vec<(&str, usize)> = available(&ds, None, &Overrides::default())
            .into_iter()
            .map(|(i, n)| (i.name, n))
            .collect();
        assert_eq!(
            got,
            [
                ("Who signed in recently", 1),
                ("Files uploaded, moved or deleted", 1),
                ("Failed sign-ins", 1),
                ("Settings changed (old -> new)", 1),
            ]
        );
        let shop = available(&ds, Some("shop"), &Overrides::default());
        assert_eq!(shop.len(), 1, "an app view counts its own entries");
    }
}
