//! The ground floor: helpers every stage may use, importing nothing else
//! from the crate. Text building without the formatter, HTML escaping,
//! reading files under a size limit, ids and slugs, lines and columns, and
//! the diagnostics (errors and warnings with their place) every stage
//! reports.

pub mod diagnostics;
pub mod files;
pub mod html;
pub mod position;
pub mod slug;
#[cfg(test)]
pub mod testing;
pub mod text;
pub mod toml_errors;
