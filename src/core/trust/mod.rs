//! What leaves or is shown of a log: the one redaction point every value passes,
//! the export of exactly the filtered rows, and the manifest that lets its
//! receiver check it.

pub mod export;
pub mod manifest;
pub mod redact;
