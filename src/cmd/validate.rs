//! `imcm validate`: read the answer files, list every problem found, or
//! say how many answers each assessment has.

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::input::{answers, questionnaire};
use crate::output;

/// Check the answer files against the questionnaire `name`.
pub(super) fn run(name: &str, paths: &answers::AnswerFiles) -> Result<()> {
    let q = questionnaire::load(name)?.questionnaire;
    let reading = answers::read_all(paths, &q);
    answers::emit_warnings(&reading);
    if !reading.problems.is_empty() {
        return Err(Error::Answers(reading.problems));
    }
    let count = reading.answers.assessments.len();
    let mut out = tr(
        "validate_ok",
        &[
            ("rows", &reading.answers.rows_read.values().sum::<u64>()),
            ("files", &paths.len()),
            (
                "files_word",
                &tr(
                    if paths.len() == 1 {
                        "file_one"
                    } else {
                        "file_many"
                    },
                    &[],
                ),
            ),
            ("assessments", &count),
            (
                "assessments_word",
                &tr(
                    if count == 1 {
                        "assessment_one"
                    } else {
                        "assessment_many"
                    },
                    &[],
                ),
            ),
            ("questionnaire", &format!("{} {}", q.id, q.version)),
        ],
    );
    out.push('\n');
    for (key, answers) in &reading.answers.assessments {
        let missing = q
            .metrics
            .len()
            .saturating_sub(answers.values().filter(|a| a.status.is_some()).count());
        out.push_str("  ");
        out.push_str(&tr(
            "answered",
            &[
                ("key", key),
                ("answered", &(q.metrics.len() - missing)),
                ("total", &q.metrics.len()),
            ],
        ));
        if missing > 0 {
            out.push_str(&tr("will_count", &[("n", &missing)]));
        }
        out.push('\n');
        let shared: Vec<_> = answers.values().filter(|a| a.responses.len() > 1).collect();
        if !shared.is_empty() {
            let disagree = shared.iter().filter(|a| a.disagree()).count();
            out.push_str("    ");
            out.push_str(&tr(
                "validate_respondents",
                &[
                    ("n", &shared.len()),
                    ("disagree", &disagree),
                    ("rule", &paths.consensus.key()),
                ],
            ));
            out.push('\n');
        }
    }
    output::write_stdout(out.as_bytes())
}
