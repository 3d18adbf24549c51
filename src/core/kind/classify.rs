//! One action's kind and the reason: the deployment's override for that action,
//! else the first rule whose words it holds ([`super::rules`]); a sign-in is a
//! failed one when its words say so or (per entry) its outcome is a failure.

use super::EventKind;
use super::rules::{FAILURE, RULES, SIGN_IN};
use super::words::{find, words};
use crate::core::store::dict::lower;
use std::sync::Arc;

/// The deployment's kinds for particular action values (`kinds` in
/// `trailview.json`), matched as a column filter's exact value is (ignoring case).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides(pub Arc<[(String, EventKind)]>);

impl Overrides {
    /// From (action value, kind) pairs; a later pair for the same value wins.
    pub fn new(pairs: impl IntoIterator<Item = (String, EventKind)>) -> Overrides {
        let mut out: Vec<(String, EventKind)> = Vec::new();
        for (action, kind) in pairs {
            let action = lower(&action);
            out.retain(|(a, _)| *a != action);
            out.push((action, kind));
        }
        Overrides(out.into())
    }

    /// The kind the deployment gives `action`.
    pub fn get(&self, action: &str) -> Option<EventKind> {
        let action = lower(action);
        self.0.iter().find(|(a, _)| *a == action).map(|&(_, k)| k)
    }
}

/// Why an action has its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The deployment says so.
    Override,
    /// It holds these words (as split: `two factor`).
    Words(String),
    /// A sign-in word and a failure word.
    FailedWords(String, String),
    /// No rule names it.
    NoRule,
}

/// An action's kind before its outcome is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classified {
    /// The kind.
    pub kind: EventKind,
    /// Why.
    pub why: Why,
}

/// The kind of `action`: the override, a failed sign-in by its words, else the
/// first rule that matches, else [`EventKind::Other`].
pub fn classify(action: &str, overrides: &Overrides) -> Classified {
    if let Some(kind) = overrides.get(action) {
        return Classified {
            kind,
            why: Why::Override,
        };
    }
    let ws = words(action);
    let first = |patterns: &[&str]| {
        patterns
            .iter()
            .find_map(|p| find(&ws, p))
            .map(|w| w.join(" "))
    };
    if let (Some(s), Some(f)) = (first(SIGN_IN), first(FAILURE)) {
        return Classified {
            kind: EventKind::FailedSignIn,
            why: Why::FailedWords(s, f),
        };
    }
    RULES
        .iter()
        .find_map(|(kind, patterns)| {
            first(patterns).map(|w| Classified {
                kind: *kind,
                why: Why::Words(w),
            })
        })
        .unwrap_or(Classified {
            kind: EventKind::Other,
            why: Why::NoRule,
        })
}

/// Outcome values that mean a failure (lower case, whole value).
pub const FAILED_OUTCOMES: &[&str] = &[
    "failure",
    "failed",
    "fail",
    "error",
    "deny",
    "denied",
    "rejected",
    "blocked",
    "unauthorized",
    "forbidden",
    "invalid",
    "refused",
    "unsuccessful",
];

/// True if an outcome value (as text) says the attempt failed.
pub fn is_failure(outcome: &str) -> bool {
    let lower = outcome.to_ascii_lowercase();
    FAILED_OUTCOMES.contains(&lower.as_str())
}

impl Classified {
    /// The kind of the entry: a sign-in with a failed `outcome` is a failed one.
    pub fn with_outcome(&self, outcome: Option<&str>) -> EventKind {
        match (self.kind, outcome) {
            (EventKind::SignIn, Some(o)) if is_failure(o) => EventKind::FailedSignIn,
            (k, _) => k,
        }
    }

    /// The reason, as the entry panel says it.
    pub fn reason(&self, action: &str, outcome: Option<&str>) -> String {
        let base = match &self.why {
            Why::Override => format!("the deployment's trailview.json names `{action}` so"),
            Why::Words(w) => format!("the action `{action}` contains `{w}`"),
            Why::FailedWords(s, f) => {
                format!("the action `{action}` contains `{s}` and `{f}`")
            }
            Why::NoRule => format!("no rule names the action `{action}`"),
        };
        match (self.with_outcome(outcome), outcome) {
            (EventKind::FailedSignIn, Some(o)) if self.kind == EventKind::SignIn => {
                format!("{base}, and its outcome `{o}` is a failure")
            }
            _ => base,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventKind::*;

    fn kind(a: &str) -> EventKind {
        classify(a, &Overrides::default()).kind
    }

    #[test]
    fn the_generated_logs_vocabulary() {
        let cases = [
            ("user.login", SignIn),
            ("user.login.sso", SignIn),
            ("user.login.first", SignIn),
            ("user.login.failed", FailedSignIn),
            ("user.logout", SignOut),
            ("user.twofactor.remove", Mfa),
            ("organization.user.twofactor.add", Mfa),
            ("settings.retention.update", Settings),
            ("mediaFile.create", Create),
            ("mediaFile.remove", Delete),
            ("mediaFile.restore", Update),
            ("app.publish", Publish),
            ("app.publish.web.create", Publish),
            ("email.delivered", Send),
            ("email.bounced", Send),
            ("email.rejected", Send),
            ("pushNotification.send", Send),
            ("sms.send", Send),
            ("invoice.sent", Send),
            ("dataSource.read", Read),
            ("screen.view", Read),
            ("booking.created", Create),
            ("booking.cancelled", Delete),
            ("booking.rescheduled", Update),
            ("app.user.add", Create),
            ("webhook.failed", Other),
            ("invoice.paid", Other),
        ];
        for (a, k) in cases {
            assert_eq!(kind(a), k, "{a}");
        }
    }

    #[test]
    fn other_vendors_words() {
        let cases = [
            ("ConsoleLogin", SignIn),
            ("user.session.start", SignIn),
            ("user.session.end", SignOut),
            ("user.authentication.auth_via_mfa", Mfa),
            ("user.mfa.factor.deactivate", Mfa),
            ("login_failure", FailedSignIn),
            ("login_success", SignIn),
            ("GetObject", Read),
            ("DescribeInstances", Read),
            ("DeleteBucket", Delete),
            ("PutBucketPolicy", Permission),
            ("CreateAccessKey", Permission),
            ("user.account.privilege.grant", Permission),
            (
                "org.update_member_repository_creation_permission",
                Permission,
            ),
            ("repo.create", Create),
            ("DOWNLOAD_REPORT", Read),
            ("data.export", Export),
            ("2FA_DISABLED", Mfa),
            ("TwoFactorAuthenticationEnabled", Mfa),
            ("Anmeldung fehlgeschlagen", FailedSignIn),
            ("Abmeldung", SignOut),
            ("déconnexion", SignOut),
            ("connexion", SignIn),
            ("", Other),
        ];
        for (a, k) in cases {
            assert_eq!(kind(a), k, "{a}");
        }
    }

    #[test]
    fn an_outcome_makes_a_sign_in_failed_and_says_so() {
        let c = classify("user.session.start", &Overrides::default());
        assert_eq!(c.with_outcome(Some("FAILURE")), FailedSignIn);
        assert_eq!(c.with_outcome(Some("SUCCESS")), SignIn);
        assert_eq!(c.with_outcome(None), SignIn);
        assert_eq!(
            c.reason("user.session.start", Some("FAILURE")),
            "the action `user.session.start` contains `session`, and its outcome `FAILURE` is a failure"
        );
        // Only a sign-in turns: a failed export is an export.
        let e = classify("data.export", &Overrides::default());
        assert_eq!(e.with_outcome(Some("failed")), Export);
    }

    #[test]
    fn reasons_name_the_words() {
        let c = classify("user.twoFactor.remove", &Overrides::default());
        assert_eq!(
            c.reason("user.twoFactor.remove", None),
            "the action `user.twoFactor.remove` contains `two factor`"
        );
        let c = classify("login.failed", &Overrides::default());
        assert_eq!(
            c.reason("login.failed", None),
            "the action `login.failed` contains `login` and `failed`"
        );
        assert_eq!(
            classify("invoice.paid", &Overrides::default()).why,
            Why::NoRule
        );
    }

    #[test]
    fn overrides_win_ignoring_case() {
        let o = Overrides::new([
            ("invoice.paid".to_string(), Send),
            ("S".to_string(), SignIn),
            ("Invoice.Paid".to_string(), Export),
        ]);
        assert_eq!(
            classify("INVOICE.PAID", &o).kind,
            Export,
            "the later pair wins"
        );
        let s = classify("s", &o);
        assert_eq!((s.kind, s.why.clone()), (SignIn, Why::Override));
        assert_eq!(s.with_outcome(Some("failed")), FailedSignIn);
    }
}
