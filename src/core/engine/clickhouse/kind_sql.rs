//! The kind of event as a ClickHouse expression: the same overrides, words and
//! rules as memory ([`crate::core::kind`]), so `kind:` and the kinds' facet give
//! the same answers in both engines.
//!
//! The action's words are read with the two replacements of
//! [`words::NORMALISE`], lower-cased and padded with spaces; each rule is one
//! `match` of its RE2 pattern ([`rules::regex`]). Overrides compare as a column
//! filter's exact value does. Values are written as escaped literals, never as
//! parameters, so the expression is one piece of text a facet can count by.

use crate::core::engine::clickhouse::columns::Columns;
use crate::core::engine::clickhouse::sql::{self, Sql, ident};
use crate::core::kind::classify::FAILED_OUTCOMES;
use crate::core::kind::rules::{self, FAILURE, RULES, SIGN_IN};
use crate::core::kind::{EventKind, Overrides, words};
use crate::core::query::filter::{Matcher, Op};
use crate::core::roles::Role;

/// The kind expression: a kind's key, `NULL` where the action is; `None` when
/// the table has no action column; `Err` when kinds cannot be read as memory
/// reads them (the action elsewhere, or masked; with `outcomes`, for telling
/// sign-ins from failed ones, the outcome elsewhere).
pub(crate) fn kind_expr(
    t: &dyn Columns,
    kinds: &Overrides,
    outcomes: bool,
) -> Result<Option<String>, String> {
    let s = t.schema();
    let col = |r: Role| s.roles.iter().find(|(x, _)| *x == r).map(|&(_, i)| i);
    let away = |r: Role| s.elsewhere.iter().find(|(x, _)| *x == r).map(|(_, p)| p);
    if let (true, None, Some(path)) = (outcomes, col(Role::Outcome), away(Role::Outcome)) {
        return Err(format!(
            "not applied: a sign-in's kind reads its outcome, {path}, which is no column of the table"
        ));
    }
    let Some(a) = col(Role::Action) else {
        return match s.elsewhere.iter().find(|(r, _)| *r == Role::Action) {
            Some((_, path)) => Err(format!(
                "not applied: kind reads the action, {path}, which is no column of the table"
            )),
            None => Ok(None),
        };
    };
    let action = &s.columns[a];
    if t.hides(a) {
        return Err(format!(
            "not applied: kind reads the action, and the values of {} are masked",
            action.name
        ));
    }
    let mut text = t.text(a);
    for (from, to) in words::NORMALISE {
        text = format!(
            "replaceRegexpAll({text}, {}, {})",
            sql::string(from),
            sql::string(to)
        );
    }
    let padded = format!("concat(' ', lower({text}), ' ')");
    let has =
        |patterns: &[&str]| format!("match({padded}, {})", sql::string(&rules::regex(patterns)));
    let failed = match col(Role::Outcome) {
        Some(o) => format!(
            "ifNull(match(lower({}), {}), 0)",
            t.text(o),
            sql::string(&format!("^(?:{})$", FAILED_OUTCOMES.join("|")))
        ),
        None => "0".into(),
    };
    let branch = |k: EventKind| match k {
        EventKind::SignIn => format!("if({failed}, 'failed-sign-in', 'sign-in')"),
        k => sql::string(k.key()),
    };
    let mut arms: Vec<(String, String)> = kinds
        .0
        .iter()
        .map(|(value, k)| {
            let mut c = Sql::new(false);
            let m = Matcher {
                op: Op::Exact,
                needle: value.clone(),
                negate: false,
            };
            t.push_match(&mut c, a, &m);
            (c.text, branch(*k))
        })
        .collect();
    arms.push((
        format!("{} AND {}", has(SIGN_IN), has(FAILURE)),
        sql::string(EventKind::FailedSignIn.key()),
    ));
    arms.extend(RULES.iter().map(|(k, ps)| (has(ps), branch(*k))));
    let arms: Vec<String> = arms.into_iter().map(|(c, v)| format!("{c}, {v}")).collect();
    let multi = format!("multiIf({}, 'other')", arms.join(", "));
    Ok(Some(match action.nullable {
        true => format!("if(isNull({}), NULL, {multi})", ident(&action.name)),
        false => multi,
    }))
}

/// `kind:` as a condition: `kinds` are the kinds it names (`Present` when `None`).
pub(crate) fn push_kind_test(
    t: &dyn Columns,
    q: &mut Sql,
    overrides: &Overrides,
    kinds: Option<&[EventKind]>,
) -> Result<(), String> {
    let outcomes = kinds.is_some_and(|ks| {
        ks.iter()
            .any(|k| matches!(k, EventKind::SignIn | EventKind::FailedSignIn))
    });
    let Some(k) = kind_expr(t, overrides, outcomes)? else {
        q.push("0");
        return Ok(());
    };
    match kinds {
        None => q.push(&format!("isNotNull({k})")),
        Some([]) => q.push("0"),
        Some(kinds) => {
            let keys: Vec<String> = kinds.iter().map(|k| sql::string(k.key())).collect();
            q.push(&format!("ifNull({k} IN ({}), 0)", keys.join(", ")))
        }
    };
    Ok(())
}
