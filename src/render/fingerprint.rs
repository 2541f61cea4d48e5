//! Fingerprints of rendered files: a 128-bit XXH3 digest of what a file is
//! made from, so an incremental render can tell that a page would come out
//! the same without rendering it.

use serde::Serialize;
use std::io::Write;
use xxhash_rust::xxh3::Xxh3;

/// A 128-bit digest; `Default` (zero) stands for "not computed".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct Fingerprint(u128);

impl Fingerprint {
    /// Digest of bytes.
    pub(crate) fn of_bytes(bytes: &[u8]) -> Fingerprint {
        Fingerprint(xxhash_rust::xxh3::xxh3_128(bytes))
    }

    /// Digest of the bytes given to `hasher`: the same as [`of_bytes`] of
    /// them all at once.
    ///
    /// [`of_bytes`]: Fingerprint::of_bytes
    pub(crate) fn of_hasher(hasher: &Xxh3) -> Fingerprint {
        Fingerprint(hasher.digest128())
    }
}

/// A writer that passes its bytes on to `inner` and into `hasher`.
pub(super) struct Tee<'w> {
    pub(super) inner: &'w mut dyn Write,
    pub(super) hasher: &'w mut Xxh3,
}

impl Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Fingerprints a template context variable by variable, as JSON written
/// straight into the digest: `{"key":value,...}` then NUL and the template
/// name. Tera gets each variable as `serde_json::to_value` of the same view,
/// and the JSON text determines that value, so equal digests mean equal
/// inputs (to the odds of a 128-bit collision).
pub(super) struct ContextHasher {
    w: HashWriter,
    first: bool,
}

impl Default for ContextHasher {
    fn default() -> Self {
        let mut w = HashWriter {
            hasher: Xxh3::new(),
            buf: Vec::with_capacity(BUFFER),
        };
        w.buf.push(b'{');
        ContextHasher { w, first: true }
    }
}

impl ContextHasher {
    /// Adds one variable. Keys must come in the same order for equal
    /// contexts, which holds as long as the same code inserts them.
    pub(super) fn var<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if !self.first {
            self.w.buf.push(b',');
        }
        self.first = false;
        serde_json::to_writer(&mut self.w, key).expect("a key serialises");
        self.w.buf.push(b':');
        serde_json::to_writer(&mut self.w, value).expect("a view serialises");
    }

    /// The digest, with the template's name.
    pub(super) fn finish(mut self, template: &str) -> Fingerprint {
        self.w.buf.extend_from_slice(b"}\0");
        self.w.buf.extend_from_slice(template.as_bytes());
        self.w.hasher.update(&self.w.buf);
        Fingerprint(self.w.hasher.digest128())
    }
}

/// Bytes gathered before they are hashed: the serialiser writes many tiny
/// pieces, and each update of a streaming hash has a cost of its own.
const BUFFER: usize = 64 * 1024;

struct HashWriter {
    hasher: Xxh3,
    buf: Vec<u8>,
}

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + buf.len() > BUFFER {
            self.hasher.update(&self.buf);
            self.buf.clear();
        }
        if buf.len() >= BUFFER {
            self.hasher.update(buf);
        } else {
            self.buf.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(title: &str, template: &str) -> Fingerprint {
        let mut h = ContextHasher::default();
        h.var("title", title);
        h.var("n", &1);
        h.finish(template)
    }

    #[test]
    fn contexts_differ_by_value_and_template() {
        assert_ne!(digest("One", "page.html"), digest("Two", "page.html"));
        assert_ne!(digest("One", "page.html"), digest("One", "event.html"));
        assert_eq!(digest("One", "page.html"), digest("One", "page.html"));
        // A value cannot run into the next key.
        let mut a = ContextHasher::default();
        a.var("a", "x\",\"b\":\"y");
        let mut b = ContextHasher::default();
        b.var("a", "x");
        b.var("b", "y");
        assert_ne!(a.finish("t"), b.finish("t"));
    }
}
