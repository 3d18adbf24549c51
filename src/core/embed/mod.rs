//! Embedding: the `<trail-view>` element's attributes and the iframe mode's messages.

pub mod frame;
pub mod widget;
