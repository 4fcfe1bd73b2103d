//! Entry points for the fuzz targets under `fuzz/` and for the regression
//! test that replays their corpora in `cargo test` (`tests/fuzz_corpus.rs`).
//!
//! Each function takes arbitrary bytes, runs one reader the way the command
//! line does, and goes on through what the reader's output feeds (scoring,
//! KPIs, the CSV writers) so that a reader accepting something the next step
//! cannot handle is caught too. None of them may panic: a bad input must come
//! back as an [`crate::Error`], which these functions drop.

use crate::incidents::engine::{By, Source};
use crate::incidents::mapping::Mapping;
use crate::incidents::{KpiOptions, compute};
use crate::model::Questionnaire;
use std::path::Path;
use std::sync::OnceLock;

/// The built-in questionnaire, parsed once per process.
fn loaded() -> &'static crate::questionnaire::Loaded {
    static Q: OnceLock<crate::questionnaire::Loaded> = OnceLock::new();
    Q.get_or_init(|| {
        crate::questionnaire::default_questionnaire()
            .unwrap_or_else(|e| panic!("the built-in questionnaire must load: {e}"))
    })
}

fn questionnaire() -> &'static Questionnaire {
    &loaded().questionnaire
}

/// An answers file (CSV in any supported encoding, or XLSX when it starts
/// like a zip archive, as `.xlsx` files are), then scoring and `scores.csv`/`scores.json` of every
/// assessment it holds.
pub fn answers(data: &[u8]) {
    let q = questionnaire();
    let label = Path::new(if data.starts_with(b"PK\x03\x04") {
        "fuzz.xlsx"
    } else {
        "fuzz.csv"
    });
    let Ok(set) = crate::answers::load_bytes(label, data, q) else {
        return;
    };
    let scored: Vec<_> = set
        .assessments
        .iter()
        .map(|(key, rows)| crate::scoring::score(q, key, rows))
        .collect();
    let _ = crate::export::scores_csv(&scored);
    let provenance = crate::provenance::Provenance::new(loaded());
    let _ = crate::export::scores_json(&scored, q, &provenance);
}

/// A questionnaire TOML file, then scoring an empty assessment and an
/// answer template against it.
pub fn questionnaire_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) =
        crate::questionnaire::parse(text, crate::questionnaire::Origin::File("fuzz.toml".into()))
    else {
        return;
    };
    let q = &loaded.questionnaire;
    let key = crate::model::AssessmentKey {
        org: "Acme".into(),
        unit: String::new(),
        period: crate::model::Period {
            year: 2026,
            quarter: 3,
        },
    };
    let a = crate::scoring::score(q, &key, &Default::default());
    let provenance = crate::provenance::Provenance::new(&loaded);
    let _ = crate::export::scores_json(std::slice::from_ref(&a), q, &provenance);
    let _ = crate::export::answer_template(q, "", "", None, crate::model::Lang::En);
}

/// Split `data` into a mapping file and an incident log at the first line
/// that is exactly `---`; without one, the whole input is the log and the
/// mapping is empty.
fn split_mapping(data: &[u8]) -> (&[u8], &[u8]) {
    let mut start = 0;
    for line in data.split_inclusive(|&b| b == b'\n') {
        let end = start + line.len();
        if line.strip_suffix(b"\n").unwrap_or(line) == b"---" {
            return (&data[..start], &data[end..]);
        }
        start = end;
    }
    (&[], data)
}

/// A mapping file and a CSV incident log (see [`split_mapping`] for how the
/// input holds both), then every KPI over them.
///
/// The log goes through a temporary file, as logs are read from disk.
pub fn incident_log(data: &[u8]) {
    let (map_bytes, log) = split_mapping(data);
    let Ok(map_text) = std::str::from_utf8(map_bytes) else {
        return;
    };
    let Ok(mapping) = Mapping::parse(map_text, Path::new("fuzz-map.toml")) else {
        return;
    };
    let Ok(dir) = tempfile_dir() else {
        return;
    };
    let path = dir.join("log.csv");
    if std::fs::write(&path, log).is_err() {
        return;
    }
    let options = KpiOptions {
        sources: vec![Source::File(path)],
        mapping,
        period_from: "detected_at".into(),
        by: By::default(),
    };
    if let Ok(report) = compute(&options, &questionnaire().incidents) {
        let _ = crate::export::kpi_csv(&report);
        let _ = crate::export::quality_csv(&report);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A private temporary folder for one input.
fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "imcm-fuzz-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// One VERIS JSON record, imported and written as the CSV and Parquet logs
/// `import veris` writes.
pub fn veris(data: &[u8]) {
    let import =
        crate::incidents::veris::import(&[("fuzz.json".to_string(), data.to_vec())], "Acme");
    let _ = crate::incidents::veris::to_csv(&import.rows);
    let _ = import.placed();
    let _ = import.duration_counts("containment");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mapping_and_the_log_split_at_a_line_of_three_dashes() {
        let (m, l) = split_mapping(b"timezone = \"UTC\"\n---\nid,org\n1,a\n");
        assert_eq!(m, b"timezone = \"UTC\"\n");
        assert_eq!(l, b"id,org\n1,a\n");
        let (m, l) = split_mapping(b"id,org\n1,a\n");
        assert!(m.is_empty());
        assert_eq!(l, b"id,org\n1,a\n");
    }
}
