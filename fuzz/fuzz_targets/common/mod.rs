//! The minimal fixture dossier, written into a fresh temporary folder.

use std::path::Path;

const FILES: &[(&str, &str)] = &[
    ("dossier.toml", include_str!("../../../tests/fixtures/minimal/dossier.toml")),
    (
        "content/events/2019-12-27-attack.md",
        include_str!("../../../tests/fixtures/minimal/content/events/2019-12-27-attack.md"),
    ),
    (
        "content/actors/kataib-hezbollah.md",
        include_str!("../../../tests/fixtures/minimal/content/actors/kataib-hezbollah.md"),
    ),
    ("data/sources.toml", include_str!("../../../tests/fixtures/minimal/data/sources.toml")),
];

/// A temporary folder holding the minimal fixture.
pub fn minimal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (file, text) in FILES {
        write(dir.path(), file, text);
    }
    dir
}

/// Writes `text` to `file` under `root`, making its folder.
pub fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("the folder");
    std::fs::write(path, text).expect("the file");
}
