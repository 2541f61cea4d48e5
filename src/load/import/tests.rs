//! Unit tests of the imports.

use super::*;

#[test]
fn export_dates() {
    assert_eq!(iso_date("2021-02-15").as_deref(), Some("2021-02-15"));
    assert_eq!(
        iso_date("2021-02-15 00:00:00.000").as_deref(),
        Some("2021-02-15")
    );
    assert_eq!(iso_date("15 February 2021").as_deref(), Some("2021-02-15"));
    assert_eq!(iso_date("5 Sept 2019").as_deref(), Some("2019-09-05"));
    assert_eq!(iso_date("15-02-2021").as_deref(), Some("2021-02-15"));
    assert_eq!(iso_date("15/02/2021").as_deref(), Some("2021-02-15"));
    assert_eq!(iso_date("February 2021"), None);
    assert_eq!(iso_date("15 Brumaire 2021"), None);
    assert_eq!(iso_date("2021-02-15x"), None);
    // Never sliced inside a character.
    assert_eq!(iso_date("202é-01-01"), None);
    assert_eq!(iso_date("2021-0é-1500"), None);
    assert_eq!(iso_date("15 févr. 2021"), None);
}

#[test]
fn ids_and_source_ids() {
    assert_eq!(imported_id("IRQ12345", "acled").unwrap(), "irq12345");
    assert_eq!(
        imported_id("244657", "ucdp-ged").unwrap(),
        "ucdp-ged-244657"
    );
    let long =
        "Agence France Presse,2021-02-16,Rockets hit US-led coalition base in Iraqi Kurdistan";
    let id = source_id(long);
    assert!(id.len() <= 60, "{id}");
    assert!(check_id(&id).is_ok());
    assert_eq!(id, source_id(long));
    assert_ne!(id, source_id(&format!("{long}!")));
    assert_eq!(source_id("Shafaq News"), "shafaq-news");
}

#[test]
fn ucdp_low_best_high() {
    let f = Figures {
        killed: Some(3),
        low: Some(2),
        high: Some(5),
        ..Figures::default()
    };
    let r = f.records(&[]).unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].killed, Some(FigureRecord::Number(3)));
    assert_eq!(r[1].killed, Some(FigureRecord::Text("2-5".into())));
    let same = Figures {
        killed: Some(3),
        low: Some(3),
        high: Some(3),
        ..Figures::default()
    };
    assert_eq!(same.records(&[]).unwrap().len(), 1);
}
