//! The citation and wiki-link scanner, alone and inside the Markdown
//! renderer: never a panic, spans in order on character boundaries, and
//! exactly one marker per reference.
#![no_main]
use dossier::markdown::{render, scan_refs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut last = 0;
    for (start, end, _) in scan_refs(text) {
        assert!(last <= start && start < end && end <= text.len());
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        last = end;
    }
    let doc = render(text, 1);
    let mut seen = 0;
    let html = doc.resolve_rendered(|_, _| {
        seen += 1;
    });
    assert_eq!(seen, doc.refs.len());
    assert!(!html.contains('\u{E000}') && !html.contains('\u{E001}'));
    for r in &doc.refs {
        assert!(r.line >= 1 && r.column >= 1);
    }
});
