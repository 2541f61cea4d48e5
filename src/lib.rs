//! `dossier`: a static-site generator for annotated dossiers.
//!
//! The modules are the stages of the pipeline, each using only those below
//! it (ARCHITECTURE.md has the table; `tests/testsuite/architecture.rs`
//! keeps it): [`base`] is the ground floor every stage uses; [`config`] and
//! [`load`] read a dossier, [`resolve`] builds the cross-referenced
//! [`resolve::Library`], [`render`] turns it into pages, [`output`] writes
//! the site atomically, [`pipeline`] assembles the stages, and [`cmd`]
//! holds the subcommands the binary calls.

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
