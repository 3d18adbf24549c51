//! Which words make which kind: data, read in order (the first rule that matches
//! wins), and the same rules as RE2 patterns for ClickHouse.
//!
//! A pattern is one word or several in sequence (`two factor`, for `twoFactor` and
//! `two_factor`); a trailing `*` accepts any word starting so (`login*` takes
//! `loginfailed`). German and French words appear where the seeds show them.

use super::EventKind;

/// Words that make a sign-in a failed one.
pub const FAILURE: &[&str] = &[
    "fail*",
    "failure*",
    "denied",
    "deny",
    "invalid",
    "wrong",
    "reject*",
    "blocked",
    "bad",
    "unauthori*",
    "unsuccessful",
    "error*",
    "fehl*",
    "echec",
];

/// The sign-in words (also read for failed sign-ins).
pub const SIGN_IN: &[&str] = &[
    "login*",
    "logon*",
    "log in",
    "log on",
    "signin*",
    "sign in",
    "sign on",
    "sso",
    "saml",
    "session*",
    "authenticat*",
    "anmeld*",
    "connexion",
    "sesion",
];

/// The rules after overrides and failed sign-ins, in order.
pub const RULES: &[(EventKind, &[&str])] = &[
    (
        EventKind::SignOut,
        &[
            "logout*",
            "logoff*",
            "log out",
            "log off",
            "signout*",
            "sign out",
            "signoff*",
            "sign off",
            "session end*",
            "session expire*",
            "session terminat*",
            "abmeld*",
            "deconnexion",
            "d connexion",
        ],
    ),
    (
        EventKind::Mfa,
        &[
            "mfa*",
            "2fa*",
            "2 fa*",
            "twofactor*",
            "two factor*",
            "multifactor*",
            "multi factor*",
            "otp*",
            "totp*",
            "hotp*",
            "webauthn*",
            "u2f*",
            "passkey*",
            "authenticator*",
            "second factor*",
        ],
    ),
    (EventKind::SignIn, SIGN_IN),
    (
        EventKind::Permission,
        &[
            "role*",
            "rolle*",
            "grant*",
            "permission*",
            "privilege*",
            "access",
            "acl*",
            "policy",
            "policies",
            "revoke*",
            "berechtigung*",
        ],
    ),
    (EventKind::Export, &["export*", "dump*"]),
    (
        EventKind::Publish,
        &["publish*", "unpublish*", "deploy*", "release*"],
    ),
    (
        EventKind::Settings,
        &["setting*", "config*", "preference*", "einstellung*"],
    ),
    (
        EventKind::Delete,
        &[
            "delete*", "remove*", "destroy*", "purge*", "trash*", "del", "erase*", "cancel*",
            "void*", "losch*", "supprim*",
        ],
    ),
    (
        EventKind::Create,
        &[
            "create*",
            "add",
            "added",
            "adds",
            "insert*",
            "new",
            "register*",
            "invite*",
            "upload*",
            "generat*",
            "import*",
            "erstell*",
        ],
    ),
    (
        EventKind::Update,
        &[
            "update*",
            "edit*",
            "change*",
            "modif*",
            "set",
            "rename*",
            "move*",
            "moved",
            "patch*",
            "put",
            "save*",
            "enable*",
            "disable*",
            "reset*",
            "restore*",
            "reschedul*",
            "write*",
            "replace*",
            "activate*",
            "deactivate*",
            "suspend*",
            "unsuspend*",
            "lock*",
            "unlock*",
        ],
    ),
    (
        EventKind::Send,
        &[
            "send*",
            "sent",
            "email*",
            "mail*",
            "sms",
            "push*",
            "notification*",
            "notify*",
            "bounce*",
            "deliver*",
            "message*",
        ],
    ),
    (
        EventKind::Read,
        &[
            "read*",
            "view*",
            "get*",
            "list*",
            "download*",
            "open*",
            "describe*",
            "search*",
            "lookup*",
            "fetch*",
            "query*",
            "show*",
        ],
    ),
];

/// `patterns` as one RE2 pattern over the padded words ClickHouse reads
/// ([`super::words::NORMALISE`]): ` (?:login[a-z0-9]*|log in) `.
pub fn regex(patterns: &[&str]) -> String {
    let alts: Vec<String> = patterns
        .iter()
        .map(|p| match p.strip_suffix('*') {
            Some(body) => format!("{body}[a-z0-9]*"),
            None => (*p).to_string(),
        })
        .collect();
    format!(" (?:{}) ", alts.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_is_lower_case_words() {
        let all = RULES
            .iter()
            .flat_map(|(_, ps)| ps.iter())
            .chain(FAILURE)
            .chain(SIGN_IN);
        for p in all {
            let body = p.strip_suffix('*').unwrap_or(p);
            assert!(
                !body.is_empty() && !body.starts_with(' ') && !body.ends_with(' '),
                "{p}"
            );
            assert!(
                body.bytes()
                    .all(|b| b == b' ' || b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{p}: only words the splitter can give"
            );
            assert!(!body.contains("  "), "{p}");
        }
        // Every kind but the two made from others has a rule.
        for k in EventKind::ALL {
            let ruled = RULES.iter().any(|(r, _)| *r == k);
            assert_eq!(
                ruled,
                !matches!(k, EventKind::FailedSignIn | EventKind::Other),
                "{k:?}"
            );
        }
    }

    #[test]
    fn the_pattern_for_clickhouse() {
        assert_eq!(regex(&["login*", "log in"]), " (?:login[a-z0-9]*|log in) ");
    }
}
