//! Bytes in, entries out: recognises the shape of a JSON log and files its entries
//! into a [`Store`].
//!
//! Accepted shapes: a top-level array of objects; an object wrapping that array
//! under a known key (`logs`, `data`, `items`, …) or, failing that, its largest array
//! of objects, also one level down; NDJSON or any stream of concatenated objects.
//! A leading UTF-8 BOM is ignored. Broken NDJSON lines are skipped, counted and listed
//! while good lines load; a broken array is an [`IngestError`] with line, column,
//! byte offset and an excerpt, and leaves the store as it was. While masking is on
//! no message quotes the body ([`NOT_SHOWN`]).

mod lines;
pub mod progress;
pub mod report;
pub mod shape;
pub mod stream;
mod whole;

pub use report::{IngestError, IngestReport, MAX_LISTED_SKIPS, NOT_SHOWN, Oversized, Skipped};
pub use shape::Shape;

use crate::core::store::Store;
use stream::StreamIngest;

/// Loads one whole body of log bytes into `store`, appending to what it holds.
/// A fault after complete entries keeps them (see [`IngestReport::fault`]); an
/// error with nothing loaded leaves the store as it was.
pub fn ingest(store: &mut Store, bytes: Vec<u8>) -> Result<IngestReport, IngestError> {
    let mut body = StreamIngest::new(store, usize::MAX);
    body.push_vec(bytes);
    body.finish(store)
}
