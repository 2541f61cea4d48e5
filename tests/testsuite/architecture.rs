//! The crate's layout, kept: every module imports only from stages below
//! it, no two modules (or two files of one folder) import each other, and
//! no source file grows past 700 lines. Read from `src/**/*.rs` as written,
//! so a new upward `use` fails here with the line that adds it.
//!
//! Rules, as the test applies them:
//! - Every `crate::a::b` path outside comments counts, in `use` lines and
//!   inline alike; `super::` paths are resolved to the module they name.
//! - Between top-level modules, an edge must go down [`LAYERS`].
//! - Inside a folder, the files (and sub-folders) are siblings: the edges
//!   between siblings must not form a cycle. A module and its own
//!   descendants may use each other freely (a folder's `mod.rs` is its
//!   front: its children use what it defines, and it re-exports theirs).
//! - Test code may use any stage, as tests build whole dossiers: the
//!   `#[cfg(test)] mod tests` block at a file's end, and modules declared
//!   under `#[cfg(test)]` (the test helpers), are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages, bottom first: each may use those before it, none after it.
const LAYERS: &[&str] = &[
    // The ground floor: text, HTML escaping, files, slugs, positions,
    // diagnostics. Imports nothing else from the crate.
    "base",
    "markdown",
    "evidence",
    "model",
    "csl",
    "config",
    "load",
    "editions",
    "resolve",
    "chronology",
    "search",
    "output",
    "render",
    "pipeline",
    "incremental",
    "cmd",
];

/// The longest a source file may be.
const MAX_LINES: usize = 700;

/// Files over [`MAX_LINES`] still waiting for their split, with why.
const TOO_LONG: &[&str] = &[];

/// Folders whose files still use each other in a circle, with why.
const CYCLES_LEFT: &[&str] = &[];

/// One source file: its module path (`["render", "chart", "map"]`) and
/// its text with comments and test blocks left out.
struct File {
    rel: String,
    module: Vec<String>,
    code: Vec<(usize, String)>,
    test_only: bool,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// Every source file, read.
fn files() -> Vec<File> {
    let root = src();
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    let mut files: Vec<File> = paths
        .iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(p).unwrap();
            // The unit tests at the file's end may use any stage.
            let text = match text.find("#[cfg(test)]\nmod tests") {
                Some(at) => &text[..at],
                None => &text[..],
            };
            // Comments left out; a `use` over several lines joined into one.
            let mut code: Vec<(usize, String)> = Vec::new();
            let mut open = false;
            for (i, l) in text.lines().enumerate() {
                if l.trim_start().starts_with("//") {
                    continue;
                }
                if open && let Some((_, last)) = code.last_mut() {
                    last.push_str(l.trim());
                } else {
                    code.push((i + 1, l.to_string()));
                }
                let t = l.trim_start();
                let starts = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
                    .iter()
                    .any(|p| t.starts_with(p));
                open = if open {
                    !l.contains(';')
                } else {
                    starts && !l.contains(';')
                };
            }
            File {
                module: module_of(&rel),
                rel,
                code,
                test_only: false,
            }
        })
        .collect();
    // Modules declared under `#[cfg(test)]` are test helpers.
    let mut test_modules = BTreeSet::new();
    for f in &files {
        let lines: Vec<&str> = f.code.iter().map(|(_, l)| l.trim()).collect();
        for pair in lines.windows(2) {
            if pair[0] == "#[cfg(test)]" {
                let decl = pair[1]
                    .trim_start_matches("pub ")
                    .trim_start_matches("pub(crate) ");
                if let Some(name) = decl.strip_prefix("mod ").and_then(|d| d.strip_suffix(';')) {
                    let mut m = f.module.clone();
                    m.push(name.to_string());
                    test_modules.insert(m);
                }
            }
        }
    }
    for f in &mut files {
        f.test_only = test_modules.iter().any(|m| f.module.starts_with(m));
    }
    files
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The path segments written after `at` in `line` (`a::b::{c, d}` gives
/// `[a, b]`: the part every branch shares).
fn segments(line: &str, at: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = &line[at..];
    loop {
        let end = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        out.push(rest[..end].to_string());
        rest = &rest[end..];
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    out
}

/// The modules `f` refers to, with the line of each reference.
fn references(f: &File, known: &BTreeSet<Vec<String>>) -> Vec<(Vec<String>, usize)> {
    let mut out = Vec::new();
    // The longest known module a path starts with.
    let resolve = |path: Vec<String>| -> Option<Vec<String>> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| known.contains(p))
    };
    // `super` of a `mod.rs` is the folder's parent; of `a/b.rs`, it is `a`.
    for (n, line) in &f.code {
        let mut from = 0;
        while let Some(i) = line[from..].find("crate::").map(|i| i + from) {
            let before = line[..i].chars().next_back();
            from = i + "crate::".len();
            if before.is_some_and(|c| is_ident_char(c) && c != '$') {
                continue;
            }
            if let Some(m) = resolve(segments(line, from)) {
                out.push((m, *n));
            }
        }
        let mut from = 0;
        while let Some(i) = line[from..].find("super::").map(|i| i + from) {
            let before = line[..i].chars().next_back();
            from = i + "super::".len();
            if before.is_some_and(|c| is_ident_char(c) || c == ':') {
                continue;
            }
            let mut base = f.module.clone();
            base.pop();
            let mut segs = segments(line, from);
            while segs.first().is_some_and(|s| s == "super") {
                segs.remove(0);
                base.pop();
            }
            // `super::{a, b::c}`: each branch's first segment.
            let rest = &line[from..];
            let mut branches = vec![segs];
            if let Some(open) = rest.find('{')
                && rest[..open]
                    .trim_end_matches("::")
                    .split("::")
                    .all(|s| s.chars().all(is_ident_char))
            {
                let mut prefix = segments(line, from);
                prefix.retain(|s| s != "super");
                let inner = &rest[open + 1..rest.find('}').unwrap_or(rest.len())];
                branches = inner
                    .split(',')
                    .map(|b| {
                        let mut p = prefix.clone();
                        p.extend(segments(b.trim(), 0));
                        p
                    })
                    .collect();
            }
            for segs in branches {
                let mut path = base.clone();
                path.extend(segs);
                if let Some(m) = resolve(path) {
                    out.push((m, *n));
                }
            }
        }
    }
    out
}

#[test]
fn stages_import_only_from_below() {
    let files = files();
    let known: BTreeSet<Vec<String>> = files.iter().map(|f| f.module.clone()).collect();
    let layer = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut problems = Vec::new();
    for f in &files {
        let Some(top) = f.module.first() else {
            continue; // lib.rs declares the modules
        };
        if f.rel == "main.rs" || f.test_only {
            continue;
        }
        let Some(mine) = layer(top) else {
            problems.push(format!(
                "src/{}: its module `{top}` is not in LAYERS",
                f.rel
            ));
            continue;
        };
        for (target, line) in references(f, &known) {
            let Some(theirs) = target.first().and_then(|t| layer(t)) else {
                continue;
            };
            if theirs > mine {
                problems.push(format!(
                    "src/{}:{line}: `{}` uses `{}`, a stage above it",
                    f.rel,
                    top,
                    target.join("::")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_two_files_of_a_folder_use_each_other() {
    let files = files();
    let known: BTreeSet<Vec<String>> = files.iter().map(|f| f.module.clone()).collect();
    // Per folder (module path): edges between its children, with a place.
    let mut graphs: BTreeMap<Vec<String>, BTreeMap<(String, String), String>> = BTreeMap::new();
    for f in &files {
        if f.test_only || f.rel == "main.rs" {
            continue;
        }
        for (target, line) in references(f, &known) {
            let common = f
                .module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            // A module and its descendants may use each other.
            if common == f.module.len() || common == target.len() {
                continue;
            }
            let parent = f.module[..common].to_vec();
            let edge = (f.module[common].clone(), target[common].clone());
            graphs
                .entry(parent)
                .or_default()
                .entry(edge)
                .or_insert_with(|| format!("src/{}:{line}", f.rel));
        }
    }
    let mut problems = Vec::new();
    for (parent, edges) in &graphs {
        if CYCLES_LEFT.contains(&parent.join("/").as_str()) {
            continue;
        }
        let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (a, b) in edges.keys() {
            next.entry(a).or_default().push(b);
        }
        // A cycle: a path from b back to a, for an edge a -> b.
        for ((a, b), at) in edges {
            let mut seen = BTreeSet::new();
            let mut stack = vec![b.as_str()];
            let mut back = false;
            while let Some(n) = stack.pop() {
                if n == a {
                    back = true;
                    break;
                }
                if seen.insert(n) {
                    stack.extend(next.get(n).into_iter().flatten());
                }
            }
            if back {
                let folder = if parent.is_empty() {
                    "src".to_string()
                } else {
                    format!("src/{}", parent.join("/"))
                };
                problems.push(format!(
                    "{folder}: `{a}` uses `{b}` ({at}) and `{b}` leads back to `{a}`"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_source_file_is_over_the_limit() {
    let root = src();
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    let mut problems = Vec::new();
    for p in paths {
        let rel = p
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let lines = std::fs::read_to_string(&p).unwrap().lines().count();
        let excepted = TOO_LONG.contains(&rel.as_str());
        if lines > MAX_LINES && !excepted {
            problems.push(format!(
                "src/{rel} has {lines} lines, over {MAX_LINES}: split it by concern"
            ));
        }
        if lines <= MAX_LINES && excepted {
            problems.push(format!(
                "src/{rel} is {lines} lines now: remove it from TOO_LONG"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checks_see_an_upward_use() {
    // The reader itself: a `use` of a higher stage is found, a comment is not.
    let f = File {
        rel: "model/mod.rs".into(),
        module: vec!["model".into()],
        code: vec![(3, "use crate::render::views::Foo;".into())],
        test_only: false,
    };
    let known: BTreeSet<Vec<String>> = [
        vec!["render".to_string()],
        vec!["render".into(), "views".into()],
    ]
    .into_iter()
    .collect();
    assert_eq!(
        references(&f, &known),
        vec![(vec!["render".to_string(), "views".to_string()], 3)]
    );
    let f = File {
        rel: "render/chart/map/land.rs".into(),
        module: vec!["render".into(), "chart".into(), "map".into(), "land".into()],
        code: vec![
            (1, "use super::{projection::P, world};".into()),
            (2, "let x = super::super::num(1);".into()),
        ],
        test_only: false,
    };
    let known: BTreeSet<Vec<String>> = [
        vec!["render".to_string(), "chart".into()],
        vec!["render".to_string(), "chart".into(), "map".into()],
        vec![
            "render".to_string(),
            "chart".into(),
            "map".into(),
            "projection".into(),
        ],
        vec![
            "render".to_string(),
            "chart".into(),
            "map".into(),
            "world".into(),
        ],
    ]
    .into_iter()
    .collect();
    let found: Vec<String> = references(&f, &known)
        .into_iter()
        .map(|(m, _)| m.join("::"))
        .collect();
    assert_eq!(
        found,
        [
            "render::chart::map::projection",
            "render::chart::map::world",
            "render::chart"
        ]
    );
}
