//! Front-matter splitting, then the TOML record and the Markdown body, must
//! never panic; a split's parts are pieces of the input.
#![no_main]
use dossier::load::split_front_matter;
use dossier::model::EventRecord;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(split) = split_front_matter(text) else { return };
    assert!(text.contains(split.front));
    assert!(text.ends_with(split.body));
    assert!(split.body_line >= split.front_line);
    let _ = toml::from_str::<EventRecord>(split.front);
    let doc = dossier::markdown::render(split.body, split.body_line);
    let _ = doc.resolve_rendered(|_, _| {});
});
