//! The ground floor: helpers every stage may use, importing nothing else
//! from the crate. Text building without the formatter, HTML escaping,
//! reading files under a size limit, ids and slugs, lines and columns, and
//! the diagnostics (errors and warnings with their place) every stage
//! reports, and the stopwatch `serve`'s timings are measured with.

pub(crate) mod diagnostics;
pub(crate) mod files;
pub(crate) mod html;
pub(crate) mod position;
pub(crate) mod slug;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod text;
pub(crate) mod timings;
pub(crate) mod toml_errors;
