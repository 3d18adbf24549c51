//! Explicit role choices: the `map=time:published,actor:actor.alternateId` syntax.

use super::Role;

/// Explicit role choices, as in `map=time:published,actor:actor.alternateId`.
/// A path of `-` means "no field for this role".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping(pub Vec<(Role, String)>);

impl Mapping {
    /// Parses the URL form; unknown roles and empty parts are ignored.
    pub fn parse(s: &str) -> Mapping {
        let mut out: Vec<(Role, String)> = Vec::new();
        for part in crate::core::json::path::split_list(s) {
            let Some((k, v)) = part.split_once(':') else {
                continue;
            };
            let (Some(role), v) = (Role::from_key(k.trim()), v.trim()) else {
                continue;
            };
            if v.is_empty() {
                continue;
            }
            out.retain(|(r, _)| *r != role);
            out.push((role, v.to_string()));
        }
        Mapping(out)
    }

    /// The URL form (empty when nothing is mapped).
    pub(crate) fn to_param(&self) -> String {
        self.0
            .iter()
            .map(|(r, p)| format!("{}:{p}", r.key()))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The explicit path for `role`, if any.
    pub(crate) fn get(&self, role: Role) -> Option<&str> {
        self.0
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, p)| p.as_str())
    }

    /// Sets (or, with `None`, removes) the explicit path for `role`.
    pub(crate) fn set(&mut self, role: Role, path: Option<&str>) {
        self.0.retain(|(r, _)| *r != role);
        if let Some(p) = path {
            self.0.push((role, p.to_string()));
        }
    }
}
