//! The whole `dossier check` of a generated dossier: the input, cut at
//! lines `%%%`, becomes an event, a second event, `data/sources.toml` and a
//! CSV incident file laid over the minimal fixture. Any input gives exit
//! status 0 or 1: never a panic, an abort or a hang.
#![no_main]
use dossier::cmd::{Overrides, check};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.split("\n%%%\n");
    let files = [
        "content/events/2019-12-27-attack.md",
        "content/events/2019-12-28-reply.md",
        "data/sources.toml",
        "data/incidents/rows.csv",
    ];
    let dir = common::minimal();
    for file in files {
        if let Some(part) = parts.next() {
            common::write(dir.path(), file, part);
        }
    }
    let status = check::run(dir.path(), check::Format::Json, false, &Overrides::default());
    assert!(status == 0 || status == 1, "exit status {status}");
});
