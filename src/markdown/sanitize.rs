//! `[build] safe_html`: raw HTML in Markdown is cleaned with ammonia, keeping
//! exactly what dossier's own renderer writes (heading anchors, highlighted
//! code classes, footnotes, table alignment, citation markers).

use std::sync::OnceLock;

/// The sanitizer, built once and shared by every thread.
fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["class", "id", "title", "aria-label"])
            .link_rel(None);
        for cell in ["td", "th"] {
            b.add_tag_attribute_values(
                cell,
                "style",
                [
                    "text-align: left",
                    "text-align: right",
                    "text-align: center",
                ],
            );
        }
        b
    })
}

/// `html` with anything that could run script removed.
pub(super) fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}
