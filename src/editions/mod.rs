//! Editions of a dossier: what could be known on a given day (`--as-of`),
//! and what changed between two publications (`dossier diff`, `build
//! --previous`).

pub mod as_of;
pub mod diff;
