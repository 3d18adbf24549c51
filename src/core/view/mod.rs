//! What the interface shows, worked out purely: its words and numbers, column
//! widths, keyboard logic and the table's rendering window.

pub mod keys;
pub mod kind_column;
pub mod present;
pub mod widths;
pub mod window;
