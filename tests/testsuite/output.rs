//! The output folder belongs to the user: a build replaces only a folder
//! that is missing, empty, or marked as dossier's by the manifest of an
//! earlier build, and deletes only the files that manifest lists.

use crate::assert_contains;
use crate::harness::Dossier;
use std::fs;

const MANIFEST: &str = ".dossier-manifest";

#[test]
fn a_folder_dossier_did_not_write_is_refused_and_left_alone() {
    let d = Dossier::fixture("minimal");
    let notes = d.root.join("notes");
    d.write("notes/todo.txt", "call the source back");
    d.write("notes/drafts/a.md", "draft");
    let run = d
        .run(&["build", "--output", notes.to_str().unwrap()])
        .expect(1);
    assert_contains!(
        run.stderr,
        "notes",
        "holds files that dossier did not write",
        "--force",
        "previous site"
    );
    assert_eq!(
        fs::read_to_string(notes.join("todo.txt")).unwrap(),
        "call the source back"
    );
    assert!(notes.join("drafts/a.md").is_file());
    assert!(!notes.join("index.html").exists() && !notes.join(MANIFEST).exists());
}

#[test]
fn force_writes_into_it_and_keeps_what_was_there() {
    let d = Dossier::fixture("minimal");
    let notes = d.root.join("notes");
    d.write("notes/todo.txt", "call the source back");
    let out = notes.to_str().unwrap();
    d.run(&["build", "--output", out, "--force"]).expect(0);
    assert!(notes.join("index.html").is_file());
    assert!(notes.join("todo.txt").is_file());
    let manifest = fs::read_to_string(notes.join(MANIFEST)).unwrap();
    assert!(manifest.lines().any(|l| l == "index.html"), "{manifest}");
    assert!(!manifest.lines().any(|l| l == "todo.txt"), "{manifest}");
    // From now on the folder is dossier's: no --force needed, and the
    // user's file still survives.
    d.run(&["build", "--output", out]).expect(0);
    assert!(notes.join("todo.txt").is_file());
}

#[test]
fn a_rebuild_deletes_only_what_the_previous_build_wrote() {
    let d = Dossier::fixture("minimal");
    d.build();
    let public = d.root.join("public");
    let manifest = fs::read_to_string(public.join(MANIFEST)).unwrap();
    let mut lines: Vec<&str> = manifest.lines().skip(1).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted, "the manifest is sorted");
    lines.retain(|l| l.starts_with("events/2019-12-27-attack/"));
    assert!(!lines.is_empty(), "{manifest}");
    // Someone keeps a file in the output, and in a folder of the site.
    d.write("public/CNAME", "dossier.example.org");
    d.write("public/events/2019-12-27-attack/notes.txt", "mine");
    fs::rename(
        d.root.join("content/events/2019-12-27-attack.md"),
        d.root.join("content/events/2019-12-28-attack.md"),
    )
    .unwrap();
    d.build();
    assert!(public.join("events/2019-12-28-attack/index.html").is_file());
    assert!(!public.join("events/2019-12-27-attack/index.html").exists());
    assert_eq!(
        fs::read_to_string(public.join("CNAME")).unwrap(),
        "dossier.example.org"
    );
    assert!(public.join("events/2019-12-27-attack/notes.txt").is_file());
    let manifest = fs::read_to_string(public.join(MANIFEST)).unwrap();
    assert!(!manifest.contains("2019-12-27-attack"), "{manifest}");
    assert!(!manifest.contains("CNAME"), "{manifest}");
}

#[test]
fn an_output_of_an_earlier_version_without_a_manifest_is_recognised() {
    let d = Dossier::fixture("minimal");
    d.build();
    let public = d.root.join("public");
    fs::remove_file(public.join(MANIFEST)).unwrap();
    d.write("public/events/gone/index.html", "an event since deleted");
    d.build();
    assert!(!public.join("events/gone").exists());
    assert!(public.join(MANIFEST).is_file());
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let d = Dossier::fixture("minimal");
    d.write("site.txt", "not a folder");
    let file = d.root.join("site.txt");
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["build", "--output", file.to_str().unwrap()];
        args.extend(extra);
        let run = d.run(&args).expect(1);
        assert_contains!(run.stderr, "site.txt", "is a file, not a folder");
        assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
    }
}

#[test]
fn build_output_in_dossier_toml_stays_inside_the_dossier() {
    let d = Dossier::fixture("minimal");
    let outside = d.root.parent().unwrap().join("victim");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("keep.txt"), "precious").unwrap();
    let config = fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    for (output, why) in [
        (outside.to_str().unwrap().to_string(), "is an absolute path"),
        ("../victim".to_string(), "leads out of the dossier's folder"),
        (
            "public/../../victim".to_string(),
            "leads out of the dossier's folder",
        ),
    ] {
        d.write(
            "dossier.toml",
            format!("{config}\n[build]\noutput = \"{output}\"\n"),
        );
        for cmd in ["check", "build"] {
            let run = d.run(&[cmd]).expect(1);
            assert_contains!(run.stderr, "dossier.toml:13:", why, "--output DIR");
        }
        assert_eq!(
            fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "precious"
        );
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
    }
    // Through a link planted in the dossier.
    std::os::unix::fs::symlink(&outside, d.root.join("link")).unwrap();
    d.write(
        "dossier.toml",
        format!("{config}\n[build]\noutput = \"link/site\"\n"),
    );
    let run = d.run(&["build"]).expect(1);
    assert_contains!(
        run.stderr,
        "leads out of the dossier's folder through a link"
    );
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
    // Inside the root is fine.
    d.write(
        "dossier.toml",
        format!("{config}\n[build]\noutput = \"out/site\"\n"),
    );
    d.build();
    assert!(d.root.join("out/site/index.html").is_file());
}

#[test]
fn an_output_that_is_a_link_is_replaced_never_followed() {
    let d = Dossier::fixture("minimal");
    let elsewhere = d.root.parent().unwrap().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join("keep.txt"), "precious").unwrap();
    std::os::unix::fs::symlink(&elsewhere, d.root.join("public")).unwrap();
    d.build();
    assert!(d.root.join("public/index.html").is_file());
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 1);
}
