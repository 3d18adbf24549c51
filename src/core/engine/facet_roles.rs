//! Which facets a view shows, for both engines: the roles worth counting, in order,
//! without the app in one app's view (there it says nothing).

use crate::core::engine::memory::facets::FACET_ROLES;
use crate::core::roles::Role;

/// The roles whose top values a view shows, in order; `scoped` is one app's view.
pub(crate) fn shown(scoped: bool) -> impl Iterator<Item = Role> {
    FACET_ROLES
        .into_iter()
        .filter(move |&r| !(scoped && r == Role::App))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_view_shows_no_app_facet_and_keeps_the_order() {
        let all: Vec<Role> = shown(false).collect();
        assert_eq!(all.first(), Some(&Role::Severity));
        assert!(all.contains(&Role::App));
        let scoped: Vec<Role> = shown(true).collect();
        assert!(!scoped.contains(&Role::App));
        assert_eq!(scoped.len(), all.len() - 1);
        assert!(scoped.iter().all(|r| all.contains(r)));
    }
}
