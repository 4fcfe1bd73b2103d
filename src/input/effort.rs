//! The effort file of `imcm plan --effort`: a CSV with the header
//! `metric,effort` and one row per metric, effort a whole number from 1
//! (least work) to 5 (most). It overrides the questionnaire's `effort`.

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::limits::Limit;
use crate::model::{EFFORT_RANGE, Questionnaire};
use std::collections::BTreeMap;
use std::path::Path;

/// Parse an effort file's text. Errors name the file and the line.
///
/// # Errors
/// [`Error::Effort`] for a wrong header, an unknown metric id (with the
/// nearest one), an effort outside 1–5 or a metric given twice.
pub fn parse(text: &str, path: &Path, q: &Questionnaire) -> Result<BTreeMap<String, u8>> {
    let err = |line: u64, message: String| Error::Effort {
        path: path.to_path_buf(),
        line,
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut efforts = BTreeMap::new();
    let mut header_seen = false;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            err(line, tr("effort_bad_csv", &[("error", &e)]))
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if !header_seen {
            let header: Vec<String> = record.iter().map(str::to_lowercase).collect();
            if header != ["metric", "effort"] {
                return Err(err(
                    line,
                    tr(
                        "effort_header",
                        &[("found", &record.iter().collect::<Vec<_>>().join(","))],
                    ),
                ));
            }
            header_seen = true;
            continue;
        }
        if record.len() != 2 {
            return Err(err(line, tr("effort_columns", &[("n", &record.len())])));
        }
        let (metric, value) = (&record[0], &record[1]);
        if q.metric(metric).is_none() {
            let help = match crate::input::answers::closest_metric(q, metric) {
                Some(c) => tr(
                    "did_you_mean",
                    &[("candidate", &c), ("questionnaire", &q.id)],
                ),
                None => tr("list_metrics", &[("questionnaire", &q.id)]),
            };
            return Err(err(
                line,
                format!(
                    "{}; {help}",
                    tr(
                        "unknown_metric",
                        &[("metric", &metric), ("questionnaire", &q.id)]
                    )
                ),
            ));
        }
        let effort = value
            .parse::<u8>()
            .ok()
            .filter(|e| EFFORT_RANGE.contains(e))
            .ok_or_else(|| {
                err(
                    line,
                    tr(
                        "effort_bad_value",
                        &[("metric", &metric), ("value", &value)],
                    ),
                )
            })?;
        if efforts.insert(metric.to_string(), effort).is_some() {
            return Err(err(line, tr("effort_twice", &[("metric", &metric)])));
        }
    }
    if !header_seen {
        return Err(err(0, tr("effort_header", &[("found", &"")])));
    }
    Ok(efforts)
}

/// Load the effort file, or nothing without one.
///
/// # Errors
/// See [`parse`]; [`Error::Io`] when unreadable, not a regular file or not
/// UTF-8, [`Error::Limit`] when over the configuration file size limit.
pub fn load(path: Option<&Path>, q: &Questionnaire) -> Result<BTreeMap<String, u8>> {
    match path {
        None => Ok(BTreeMap::new()),
        Some(p) => {
            let text = crate::fs::read_regular_text(p, Limit::ConfigFileBytes)?;
            parse(&text, p, q)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q() -> Questionnaire {
        crate::input::questionnaire::default_questionnaire()
            .unwrap()
            .questionnaire
    }

    #[test]
    fn effort_files_are_read_and_checked_line_by_line() {
        let q = q();
        let p = Path::new("e.csv");
        let e = parse("metric,effort\n1.1.1, 2\n\n3.1.2,5\n", p, &q).unwrap();
        assert_eq!(e.get("1.1.1"), Some(&2));
        assert_eq!(e.get("3.1.2"), Some(&5));
        let msg = |t: &str| parse(t, p, &q).unwrap_err().to_string();
        assert_eq!(
            msg("metric,effort\n1.1.1,6\n"),
            "e.csv:2: effort of 1.1.1 must be a whole number from 1 (least work) to 5 (most), not '6'"
        );
        assert!(
            msg("metric,effort\n1.1.99,2\n").starts_with("e.csv:2: unknown metric id '1.1.99'")
        );
        assert!(msg("metric,effort\n1.1.99,2\n").contains("did you mean"));
        assert_eq!(
            msg("id,cost\n1.1.1,2\n"),
            "e.csv:1: the first line must be the header metric,effort, not 'id,cost'"
        );
        assert_eq!(
            msg("metric,effort\n1.1.1,2\n1.1.1,3\n"),
            "e.csv:3: metric 1.1.1 is given twice; keep one row per metric"
        );
        assert_eq!(
            msg("metric,effort\n1.1.1,2,x\n"),
            "e.csv:2: a row has 3 cells; give exactly two: metric,effort"
        );
    }
}
