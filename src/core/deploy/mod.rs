//! How a deployment is set up: its `trailview.json` defaults and its own routes.

pub mod config;
pub mod route;
