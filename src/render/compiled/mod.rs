//! The built-in templates of the busiest pages, compiled to Rust: the
//! parts every compiled page shares (the frame, `base.html`, and the
//! macros of `macros.html`); each page's own writer is in its file under
//! `render/pages/`.
//!
//! A 10k-event dossier renders 10,000 event pages and lists each event on a
//! dozen others. Through Tera, each page meant converting its views into a
//! `serde_json::Value` tree and walking the template with dynamic lookups:
//! more than half a build's CPU time. The compiled writers write the same
//! bytes straight from the typed views. They are used only while the
//! dossier has not overridden the templates they stand for (see
//! `templates::compiled`); `tests/testsuite/native.rs` builds fixtures and
//! generated dossiers both ways and compares the files byte for byte, so
//! the two cannot drift: a change to one of these templates must be made
//! in its compiled writer too.

pub(crate) mod frame;
pub(crate) mod macros;
