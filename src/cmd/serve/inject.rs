//! What serve adds to every HTML page: the live-reload script, and while
//! the last rebuild failed, an overlay with its errors.

use super::Status;
use crate::base::diagnostics::Diagnostic;
use crate::base::html::escape;

/// The stream of reload events.
pub(super) const EVENTS_PATH: &str = "/__dossier/events";
/// The live-reload script.
pub(super) const SCRIPT_PATH: &str = "/__dossier/live.js";

/// Errors shown in the overlay at most; the terminal has them all.
const MAX_SHOWN: usize = 10;

/// The live-reload script: it listens to the event stream from the
/// generation its page was served at and reloads when the site changes.
pub(super) const SCRIPT: &str = concat!(
    "(function () {\n",
    "  var me = document.currentScript;\n",
    "  var since = me ? new URL(me.src).searchParams.get(\"since\") || \"0\" : \"0\";\n",
    "  if (!window.EventSource) return;\n",
    "  var source = new EventSource(\"/__dossier/events?since=\" + since +\n",
    "    \"&page=\" + encodeURIComponent(location.pathname));\n",
    "  source.onmessage = function (e) {\n",
    "    if (e.data === \"reload\") { source.close(); location.reload(); }\n",
    "  };\n",
    "})();\n"
);

/// `page` with the script, and the overlay when `status` has errors, added
/// before `</body>` (or at the end).
pub(super) fn into_page(page: &[u8], status: &Status) -> Vec<u8> {
    debug_assert!(SCRIPT.contains(EVENTS_PATH));
    let mut extra = format!(
        "<script src=\"{SCRIPT_PATH}?since={}\"></script>",
        status.generation
    );
    if !status.errors.is_empty() {
        extra.push_str(&overlay(&status.errors, status.built));
    }
    let at = find_body_end(page).unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + extra.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// Offset of the last `</body>`, in any case.
fn find_body_end(page: &[u8]) -> Option<usize> {
    let needle = b"</body>";
    page.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The error box: every field escaped. `built`: a last good site is shown
/// under it.
pub(super) fn overlay(errors: &[Diagnostic], built: bool) -> String {
    let mut items = String::new();
    for d in errors.iter().take(MAX_SHOWN) {
        items.push_str(&format!(
            "<li style=\"margin:.5em 0\"><code style=\"font-weight:bold\">{}</code><br>{}",
            escape(&d.location()),
            escape(&d.message)
        ));
        if let Some(h) = &d.hint {
            items.push_str(&format!(
                "<br><span style=\"color:#555\">hint: {}</span>",
                escape(h)
            ));
        }
        items.push_str("</li>");
    }
    let more = match errors.len().saturating_sub(MAX_SHOWN) {
        0 => String::new(),
        n => format!("<p>…and {n} more: see the terminal.</p>"),
    };
    format!(
        concat!(
            "<div id=\"dossier-error-overlay\" role=\"alert\" style=\"position:fixed;left:1rem;right:1rem;bottom:1rem;",
            "z-index:2147483647;max-height:60vh;overflow:auto;background:#fff4f4;color:#1a1a1a;",
            "border:2px solid #b00020;border-radius:6px;padding:1rem 1.25rem;",
            "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;",
            "box-shadow:0 6px 30px rgba(0,0,0,.35);text-align:left\">",
            "<strong style=\"color:#b00020\">{} ({} error{}).</strong> {}",
            "<ol style=\"margin:.5em 0 0;padding-left:1.5em\">{}</ol>{}</div>"
        ),
        if built {
            "The last change broke the build"
        } else {
            "The dossier does not build yet"
        },
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        if built {
            "This is the last good site; the page reloads when the error is fixed."
        } else {
            "The page reloads when the error is fixed."
        },
        items,
        more
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(errors: Vec<Diagnostic>) -> Status {
        Status {
            generation: 7,
            errors,
            built: true,
        }
    }

    #[test]
    fn adds_the_script_before_body_end() {
        let page = into_page(b"<html><body><p>x</p></BODY></html>", &status(vec![]));
        let page = String::from_utf8(page).unwrap();
        assert_eq!(
            page,
            "<html><body><p>x</p><script src=\"/__dossier/live.js?since=7\"></script></BODY></html>"
        );
        let bare = into_page(b"text", &status(vec![]));
        assert!(String::from_utf8(bare).unwrap().starts_with("text<script"));
    }

    #[test]
    fn overlay_escapes_everything() {
        let d = Diagnostic::error("content/events/<x>.md", "bad `<script>` & co")
            .at((3, 9))
            .hint("use \"quotes\"");
        let page = String::from_utf8(into_page(b"<body></body>", &status(vec![d]))).unwrap();
        assert!(page.contains("content/events/&lt;x&gt;.md:3:9"));
        assert!(page.contains("bad `&lt;script&gt;` &amp; co"));
        assert!(page.contains("hint: use &quot;quotes&quot;"));
        assert!(!page.contains("<x>"));
    }
}
