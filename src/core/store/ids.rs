//! The store's two kinds of index: entries in load order and key-path nodes.

/// Index of an entry in load order.
pub(crate) type Row = u32;
/// Index of a key-path node.
pub(crate) type NodeId = u32;
