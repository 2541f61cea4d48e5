//! CSV incident files: any text gives records or errors, never a panic, and
//! every error names the file.
#![no_main]
use dossier::load::parse_csv_incidents;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse_csv_incidents("data/incidents/fuzz.csv", text) {
        Ok(records) => {
            for (id, rec) in records {
                assert_eq!(rec.id.as_deref(), Some(id.as_str()));
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                assert_eq!(e.file, "data/incidents/fuzz.csv");
            }
        }
    }
});
