//! `dossier`: a static-site generator for annotated dossiers.
//!
//! The modules are the stages of the pipeline: [`config`] and [`load`] read a
//! dossier, [`resolve`] builds the cross-referenced [`resolve::Library`],
//! [`render`] turns it into pages through Tera, and [`output`] writes the site
//! atomically. [`cmd`] holds the subcommands the binary calls.

pub mod base;
pub mod chronology;
pub mod cmd;
pub mod config;
pub mod csl;
pub mod editions;
pub mod evidence;
pub mod incremental;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod search;
