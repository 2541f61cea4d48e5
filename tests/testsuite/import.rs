//! `[import."<file>"]`: ACLED's and UCDP GED's CSV exports, with their own
//! column names and codes, read into events (tests/fixtures/import has one
//! small export of each, with every column the real exports have).

use crate::assert_contains;
use crate::harness::Dossier;
use serde_json::Value;

const ACLED: &str = "data/incidents/acled-iraq.csv";

fn events(d: &Dossier) -> Vec<Value> {
    let json: Value = serde_json::from_str(&d.output("data/events.json")).unwrap();
    json["events"].as_array().unwrap().clone()
}

fn event<'a>(events: &'a [Value], id: &str) -> &'a Value {
    events
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no event `{id}` in {events:#?}"))
}

#[test]
fn acled_rows_become_events_with_their_codes_read() {
    let d = Dossier::fixture("import");
    d.build();
    let events = events(&d);
    assert_eq!(events.len(), 5);

    // time_precision 1: the day; geo_precision 1: the town; the notes are
    // the summary, the fatalities the killed; a title is made from the kind
    // and the place.
    let erbil = event(&events, "irq1001");
    assert_eq!(erbil["date"], "2021-02-15");
    assert_eq!(erbil["date_precision"], "day");
    assert_eq!(erbil["circa"], false);
    assert_eq!(erbil["kind"], "explosions-remote-violence");
    assert_eq!(erbil["title"], "Explosions/Remote violence in Erbil");
    assert_eq!(erbil["location"]["precision"], "town");
    assert_eq!(erbil["location"]["lat"], 36.1901);
    assert_eq!(erbil["casualties"][0]["killed"], 1);
    assert_eq!(
        erbil["sources"],
        serde_json::json!(["rudaw", "kurdistan-24"])
    );
    let actors: Vec<&str> = erbil["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["actor"].as_str().unwrap())
        .collect();
    // actor1, actor2 and the associated actor, all parties: ACLED's order
    // says nothing of who did what.
    assert_eq!(
        actors,
        [
            "unidentified-armed-group-iraq",
            "military-forces-of-the-united-states-2021",
            "civilians-international"
        ]
    );
    assert!(
        erbil["actors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["role"] == "other")
    );

    // time_precision 2 (the week): circa; geo_precision 2: near the town.
    let kirkuk = event(&events, "irq1002");
    assert_eq!(kirkuk["circa"], true);
    assert_eq!(kirkuk["location"]["precision"], "near");
    // time_precision 3: only the month, written as a month.
    let anbar = event(&events, "irq1003");
    assert_eq!(anbar["date"], "2021-03");
    assert_eq!(anbar["date_precision"], "month");
    assert_eq!(anbar["location"]["precision"], "region");
    // A kind value mapped by the file's `kinds`.
    assert_eq!(anbar["kind"], "strike");
    assert_eq!(anbar["title"], "Strike in Anbar");
}

#[test]
fn ucdp_rows_become_events_with_best_low_and_high() {
    let d = Dossier::fixture("import");
    d.build();
    let events = events(&d);
    let erbil = event(&events, "ucdp-ged-244657");
    assert_eq!(erbil["title"], "Government of Iraq - IS");
    assert_eq!(erbil["kind"], "state-based-violence");
    assert_eq!(erbil["date"], "2021-02-15");
    assert_eq!(erbil["date_end"], Value::Null);
    assert_eq!(erbil["location"]["precision"], "site");
    assert_eq!(erbil["casualties"][0]["killed"], 1);
    assert_eq!(erbil["casualties"][0]["who"], "best estimate");
    assert_eq!(erbil["casualties"][1]["killed"], "1-3");
    assert_eq!(erbil["casualties"][1]["who"], "low and high estimates");
    // Each article of source_article is a source of its own.
    assert_eq!(erbil["sources"].as_array().unwrap().len(), 2);
    // date_prec 4 with a span inside one month: the month.
    let diyala = event(&events, "ucdp-ged-244658");
    assert_eq!(diyala["date"], "2021-03");
    assert_eq!(diyala["date_precision"], "month");
    assert_eq!(diyala["location"]["precision"], "region");
    assert_eq!(diyala["casualties"][1]["killed"], "2-6");
}

#[test]
fn named_actors_and_sources_get_pages_unless_the_dossier_has_them() {
    let d = Dossier::fixture("import");
    d.write(
        "content/actors/is.md",
        "+++\nname = \"Islamic State\"\nkind = \"organization\"\n+++\nOur own record of the group.\n",
    );
    d.build();
    let actor = d.output("actors/islamic-state-iraq/index.html");
    assert_contains!(actor, "Islamic State (Iraq)", "../../events/irq1003/");
    // The dossier's own record of `is` wins over the import's.
    let own = d.output("actors/is/index.html");
    assert_contains!(own, "Our own record of the group.");
    let source = d.output("sources/shafaq-news/index.html");
    assert_contains!(
        source,
        "Shafaq News",
        "Named as a source in data/incidents/acled-iraq.csv"
    );
}

#[test]
fn a_markdown_file_of_an_imported_id_adds_its_narrative() {
    let d = Dossier::fixture("import");
    d.write(
        "content/events/irq1001.md",
        "+++\ntitle = \"Rocket attack on Erbil airport\"\n+++\nThe narrative of the editors.\n",
    );
    d.build();
    let events = events(&d);
    let erbil = event(&events, "irq1001");
    assert_eq!(erbil["title"], "Rocket attack on Erbil airport");
    assert_eq!(erbil["date"], "2021-02-15");
    assert_contains!(
        d.output("events/irq1001/index.html"),
        "The narrative of the editors."
    );
}

#[test]
fn an_undeclared_kind_is_one_error_with_its_count() {
    let d = Dossier::fixture("import");
    let toml = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    d.write("dossier.toml", toml.replace("battles = ", "# battles = "));
    let csv = std::fs::read_to_string(d.root.join(ACLED)).unwrap();
    let second = csv.lines().nth(2).unwrap().replace("IRQ1002", "IRQ1004");
    d.write(ACLED, format!("{csv}{second}\n"));
    let run = d.run(&["check"]).expect(1);
    assert_eq!(
        run.stderr.matches("is not declared").count(),
        1,
        "{}",
        run.stderr
    );
    assert_contains!(
        run.stderr,
        "data/incidents/acled-iraq.csv:3:",
        "column `event_type`: the kind `Battles` (2 rows) is not declared under [kinds]",
        "battles = { label = \"Battles\" }"
    );
}

#[test]
fn bad_values_name_their_row_and_are_capped() {
    let d = Dossier::fixture("import");
    let csv = std::fs::read_to_string(d.root.join(ACLED)).unwrap();
    let row = csv.lines().nth(1).unwrap();
    let mut text = csv.clone();
    for i in 0..60 {
        text.push_str(
            &row.replace("IRQ1001", &format!("IRQ2{i:03}"))
                .replace("15 February 2021", "31 Smarch 2021"),
        );
        text.push('\n');
    }
    d.write(ACLED, text);
    let run = d.run(&["build"]).expect(1);
    assert_contains!(
        run.stderr,
        "data/incidents/acled-iraq.csv:5:9",
        "column `event_date`: `31 Smarch 2021` is not a date",
        "data/incidents/acled-iraq.csv:55:9",
        "and 10 more errors in this file, not shown"
    );
    assert_eq!(
        run.stderr.matches("is not a date").count(),
        50,
        "{}",
        run.stderr
    );
}

#[test]
fn the_mapping_is_checked_in_dossier_toml() {
    let d = Dossier::fixture("import");
    let toml = std::fs::read_to_string(d.root.join("dossier.toml")).unwrap();
    d.write(
        "dossier.toml",
        toml.replace("dyad_name = \"title\"", "dyad_name = \"titel\"")
            .replace("[import.\"acled-iraq.csv\"]", "[import.\"acled-irak.csv\"]"),
    );
    let run = d.run(&["check"]).expect(1);
    assert_contains!(
        run.stderr,
        "dossier.toml:",
        "[import.\"acled-irak.csv\"]: there is no file data/incidents/acled-irak.csv",
        "`dyad_name` is mapped to `titel`, which is not a dossier field",
        "did you mean `title`"
    );
    // A file without the column the id comes from.
    let d = Dossier::fixture("import");
    let csv = std::fs::read_to_string(d.root.join(ACLED)).unwrap();
    d.write(ACLED, csv.replacen("event_id_cnty", "event_id", 1));
    let run = d.run(&["check"]).expect(1);
    assert_contains!(
        run.stderr,
        "data/incidents/acled-iraq.csv:1:1",
        "no column of the file gives each row an id",
        "the preset `acled` reads it from the column `event_id_cnty`"
    );
}
