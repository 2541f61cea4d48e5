//! `dossier`: a static-site generator for annotated dossiers.
//!
//! The modules are the stages of the pipeline, each using only those below
//! it (ARCHITECTURE.md has the table; `tests/testsuite/architecture.rs`
//! keeps it): [`base`] is the ground floor every stage uses; [`config`] and
//! [`load`] read a dossier, [`resolve`] builds the cross-referenced
//! [`resolve::Library`], [`render`] turns it into pages, [`output`] writes
//! the site atomically, [`pipeline`] assembles the stages, and [`cmd`]
//! holds the subcommands the binary calls.

// Only what the binary, the integration tests and the fuzz targets use is
// `pub`; everything else is `pub(crate)`, and this lint keeps it so.
#![warn(unreachable_pub)]

pub(crate) mod base;
pub(crate) mod chronology;
pub mod cmd;
pub(crate) mod config;
pub(crate) mod csl;
pub(crate) mod editions;
pub mod evidence;
pub(crate) mod incremental;
pub mod load;
pub mod markdown;
pub mod model;
pub(crate) mod output;
pub(crate) mod pipeline;
pub mod render;
pub(crate) mod resolve;
pub mod search;
