//! The connected table: where it is, its columns, the server's version and
//! settings, the redaction its rows are read with, and a sample of rows that the
//! roles are detected on again when the admin maps them otherwise.

use super::plan::{Planner, Version};
use super::schema::Schema;
use super::settings::Settings;
use super::source::ChSource;
use crate::core::dataset::Dataset;
use crate::core::roles::Mapping;
use crate::core::trust::redact::Redaction;

/// A table [`Connect`](super::connect::Connect) opened.
#[derive(Debug)]
pub(crate) struct Table {
    source: ChSource,
    schema: Schema,
    version: Version,
    /// What each query may ask of the server beyond its SQL.
    settings: Settings,
    /// What is masked in every row and in what the server compares.
    redact: Redaction,
    /// Sampled rows (masked), for detecting the roles again when the mapping changes.
    sample: Dataset,
    /// The mapping the last planner's roles were detected with, and that planner.
    planner: Option<(Mapping, Planner)>,
}

impl Table {
    /// The table of `source` with `schema`, on a server of `version` with `settings`,
    /// its rows masked by `redact`; `sample` holds masked rows of it.
    pub(crate) fn new(
        source: ChSource,
        schema: Schema,
        version: Version,
        settings: Settings,
        redact: Redaction,
        sample: Dataset,
    ) -> Table {
        Table {
            source,
            schema,
            version,
            settings,
            redact,
            sample,
            planner: None,
        }
    }

    /// Where the table is.
    pub(crate) fn source(&self) -> &ChSource {
        &self.source
    }

    /// What each query may ask of the server beyond its SQL.
    pub(crate) fn settings(&self) -> &Settings {
        &self.settings
    }

    /// What the rows are masked by.
    pub(crate) fn redaction(&self) -> &Redaction {
        &self.redact
    }

    /// The server's version.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(crate) fn version(&self) -> Version {
        self.version
    }

    /// The planner for the roles of `mapping` (detected on the sample once per mapping).
    pub(crate) fn planner(&mut self, mapping: &Mapping) -> Planner {
        if let Some((_, p)) = self.planner.as_ref().filter(|(m, _)| m == mapping) {
            return p.clone();
        }
        let mut schema = self.schema.clone();
        schema.detect_roles(&mut self.sample, mapping);
        let p = Planner::new(&self.source.table_name(), schema, self.version).masked(&self.redact);
        self.planner = Some((mapping.clone(), p.clone()));
        p
    }

    /// The planner made last, for whatever mapping (`None` before the first view).
    pub(crate) fn last_planner(&self) -> Option<&Planner> {
        self.planner.as_ref().map(|(_, p)| p)
    }
}
