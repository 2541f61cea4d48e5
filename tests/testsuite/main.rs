//! Integration tests: build fixture dossiers with the real binary and assert
//! on the HTML and JSON it writes, or on the errors it reports.

mod architecture;
mod autolink;
mod build;
mod chronology;
mod citations;
mod claims;
mod editions;
mod equivalence;
mod errors;
mod evidence;
mod harness;
mod import;
mod incremental;
mod map;
mod native;
mod output;
mod scaffold;
mod scale;
mod search;
mod serve;
