//! Kinds of event: every action value sorted by its words into a small fixed set
//! admins recognise (sign-in, MFA, permission, export...), with the reason.
//!
//! [`words`] splits an action into lower-case words (`user.twoFactor.remove` reads
//! `user two factor remove`); [`rules`] is the table of words per kind, in order;
//! [`classify`] applies the deployment's overrides, then the first rule whose words
//! the action holds, and says why. A sign-in whose outcome is a failure is a failed
//! sign-in. The ClickHouse engine writes the same rules as SQL (its `kind_sql`), so
//! both engines give every entry the same kind.

pub mod classify;
pub mod rules;
pub mod words;

pub use classify::{Classified, Overrides, Why, classify, is_failure};

/// What kind of event an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    /// A sign-in (login, logon, SSO, session start).
    SignIn,
    /// A failed sign-in: its words say so, or its outcome is a failure.
    FailedSignIn,
    /// A sign-out.
    SignOut,
    /// A change to multi-factor authentication (2FA, OTP, WebAuthn).
    Mfa,
    /// A change to roles, grants or permissions.
    Permission,
    /// An export of data.
    Export,
    /// Something published or deployed.
    Publish,
    /// A change to settings or configuration.
    Settings,
    /// Something deleted or removed.
    Delete,
    /// Something created or added.
    Create,
    /// Something changed.
    Update,
    /// A message sent (e-mail, push, SMS, notification).
    Send,
    /// Something read, viewed or downloaded.
    Read,
    /// An action no rule names.
    Other,
}

impl EventKind {
    /// Every kind, in the order facets and lists show them.
    pub const ALL: [EventKind; 14] = [
        EventKind::SignIn,
        EventKind::FailedSignIn,
        EventKind::SignOut,
        EventKind::Mfa,
        EventKind::Permission,
        EventKind::Export,
        EventKind::Publish,
        EventKind::Settings,
        EventKind::Delete,
        EventKind::Create,
        EventKind::Update,
        EventKind::Send,
        EventKind::Read,
        EventKind::Other,
    ];

    /// The name in queries, URLs and `trailview.json` (`kind:failed-sign-in`).
    pub fn key(self) -> &'static str {
        match self {
            EventKind::SignIn => "sign-in",
            EventKind::FailedSignIn => "failed-sign-in",
            EventKind::SignOut => "sign-out",
            EventKind::Mfa => "mfa",
            EventKind::Permission => "permission",
            EventKind::Export => "export",
            EventKind::Publish => "publish",
            EventKind::Settings => "settings",
            EventKind::Delete => "delete",
            EventKind::Create => "create",
            EventKind::Update => "update",
            EventKind::Send => "send",
            EventKind::Read => "read",
            EventKind::Other => "other",
        }
    }

    /// The label shown to admins.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::SignIn => "Sign-in",
            EventKind::FailedSignIn => "Failed sign-in",
            EventKind::SignOut => "Sign-out",
            EventKind::Mfa => "MFA",
            EventKind::Permission => "Permission",
            EventKind::Export => "Export",
            EventKind::Publish => "Publish",
            EventKind::Settings => "Settings",
            EventKind::Delete => "Delete",
            EventKind::Create => "Create",
            EventKind::Update => "Update",
            EventKind::Send => "Send",
            EventKind::Read => "Read / view",
            EventKind::Other => "Other",
        }
    }

    /// The kind named `key` (any case).
    pub fn from_key(key: &str) -> Option<EventKind> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.key().eq_ignore_ascii_case(key.trim()))
    }
}
