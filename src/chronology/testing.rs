//! Unit-test support: a library built by the real pipeline from a few CSV
//! incident rows, with actors `a`, `b`, `c` and `d` and a 0–10 ladder.

use crate::base::diagnostics::Diagnostics;
use crate::pipeline::{Overrides, load_site};
use crate::resolve::Library;

/// Builds a dossier whose `data/incidents/events.csv` holds the header
/// `id,title,date,date_end,circa,kind,escalation,actors,responds_to,killed`
/// followed by `rows`.
pub(crate) fn library(rows: &str) -> Library {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "dossier.toml",
        "title = \"T\"\n[kinds]\nstrike = { label = \"Strike\" }\nthreat = { label = \"Threat\" }\n\
         [escalation]\n0 = \"0\"\n1 = \"1\"\n2 = \"2\"\n3 = \"3\"\n4 = \"4\"\n5 = \"5\"\n6 = \"6\"\n7 = \"7\"\n8 = \"8\"\n9 = \"9\"\n10 = \"10\"\n\
         [[phases]]\nname = \"Crisis\"\nfrom = \"2020-01\"\nuntil = \"2020-01\"\n",
    );
    let actors: String = ["a", "b", "c", "d"]
        .iter()
        .map(|id| format!("[[actor]]\nid = \"{id}\"\nname = \"Actor {id}\"\nkind = \"state\"\n"))
        .collect();
    write("data/actors.toml", &actors);
    write("content/index.md", "+++\ntitle = \"T\"\n+++\n");
    write(
        "data/incidents/events.csv",
        &format!(
            "id,title,date,date_end,circa,kind,escalation,actors,responds_to,killed\n{}",
            rows.trim()
        ),
    );
    let mut diags = Diagnostics::default();
    let site = load_site(root, &Overrides::default(), &mut diags);
    assert!(!diags.has_errors(), "{diags:?}");
    site.expect("the test dossier loads").0
}
