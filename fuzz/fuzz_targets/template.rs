//! Templates: the input is the dossier's own `templates/event.html`, and a
//! second template after a line `%%%` its `templates/page.html`, over the
//! minimal fixture; `dossier check` renders every page with them. Any
//! template (recursive includes, extends and macros among them) gives exit
//! status 0 or 1: never a panic or a stack overflow.
#![no_main]
use dossier::cmd::{Overrides, check};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.split("\n%%%\n");
    let dir = common::minimal();
    for file in ["templates/event.html", "templates/page.html"] {
        if let Some(part) = parts.next() {
            common::write(dir.path(), file, part);
        }
    }
    let status = check::run(dir.path(), check::Format::Json, false, &Overrides::default());
    assert!(status == 0 || status == 1, "exit status {status}");
});
