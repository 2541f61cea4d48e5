//! Editions of a dossier: what changed between two publications (`dossier
//! diff`, `build --previous`). What could be known on a given day
//! (`--as-of`) is made from the resolved library, in `crate::resolve::as_of`.

pub(crate) mod diff;
