//! What the interface shows, worked out purely: its words and numbers, column
//! widths and keyboard logic.

pub mod keys;
pub mod present;
pub mod widths;
