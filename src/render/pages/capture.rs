//! The readable page of a source's capture: `capture.html`.

use super::source::{CaptureView, CiterView, citer_view};
use crate::base::diagnostics::Diagnostic;
use crate::render::links::Links;
use crate::resolve::Library;
use serde::Serialize;

/// Everything a capture page shows.
#[derive(Serialize)]
pub(crate) struct CapturePage<'a> {
    /// The copy.
    #[serde(flatten)]
    pub capture: CaptureView<'a>,
    pub source_title: &'a str,
    /// The source's page.
    pub source_url: String,
    /// Numbered paragraphs.
    pub count: usize,
    /// The text, in pieces.
    pub pieces: Vec<PieceView<'a>>,
}

/// A paragraph, or markup between paragraphs, of a capture page.
#[derive(Serialize)]
pub(crate) struct PieceView<'a> {
    /// Sanitised markup written as it is (between paragraphs).
    pub raw: Option<&'a str>,
    /// The paragraph's number, when counted.
    pub number: Option<usize>,
    /// The paragraph's inner HTML (escaped text or sanitised markup).
    pub html: &'a str,
    /// The places citing it, each linking to its first citation of it.
    pub cited: Vec<CiterView<'a>>,
}

/// Builds the readable page of source `s`'s capture; `None` without one.
pub(crate) fn capture_page<'a>(
    lib: &'a Library,
    links: Links<'a>,
    s: usize,
) -> Option<CapturePage<'a>> {
    let src = &lib.sources[s];
    let capture = src.readable()?;
    let readable = capture.readable.as_ref()?;
    let citers = &lib.para_citers[s];
    let pieces = readable
        .pieces
        .iter()
        .map(|p| match p {
            crate::evidence::Piece::Raw(html) => PieceView {
                raw: Some(html),
                number: None,
                html: "",
                cited: Vec::new(),
            },
            crate::evidence::Piece::Para(number, html) => {
                let cited = match number {
                    Some(n) => {
                        let from = citers.partition_point(|c| c.para < *n);
                        citers[from..]
                            .iter()
                            .take_while(|c| c.para == *n)
                            .map(|c| {
                                let mut view = citer_view(lib, links, c.citer);
                                view.url.push('#');
                                view.url
                                    .push_str(&crate::evidence::locator::anchor(c.anchor));
                                view
                            })
                            .collect()
                    }
                    None => Vec::new(),
                };
                PieceView {
                    raw: None,
                    number: *number,
                    html,
                    cited,
                }
            }
        })
        .collect();
    Some(CapturePage {
        capture: CaptureView::new(links, capture),
        source_title: &src.title,
        source_url: links.source(&src.id),
        count: readable.count,
        pieces,
    })
}

/// The readable page of the `n`th source's capture.
#[derive(Clone, Copy)]
pub(super) struct Capture(pub(super) usize);

impl super::Page for Capture {
    fn frame(self, r: &crate::render::PageRenderer) -> (String, &'static str, String) {
        let s = &r.lib.sources[self.0];
        (
            r.paths.capture(&s.id),
            "capture.html",
            format!("Preserved copy: {}", s.title),
        )
    }

    fn vars(
        self,
        r: &crate::render::PageRenderer,
        links: Links,
        ctx: &mut impl super::VarSink,
    ) -> Result<(), Diagnostic> {
        ctx.insert("capture", &capture_page(r.lib, links, self.0));
        Ok(())
    }
}
