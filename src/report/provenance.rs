//! The provenance section of a report: the record of
//! [`crate::provenance`] with labels in the report's language.

use crate::provenance::{Provenance, QuestionnaireSource, Role};
use crate::report::context::Labels;
use serde::Serialize;

/// The report's view of this record, with labels in `t`'s language. Its
/// `imcm verify` command names the report folder `DIR`, so that a report
/// does not depend on where it was written.
pub fn provenance_view(p: &Provenance, t: &Labels) -> ProvenanceView {
    let label = |key: &str| t.get(key).cloned().unwrap_or_else(|| key.to_string());
    ProvenanceView {
        intro: label("provenance_intro").replace("{version}", &p.imcm_version),
        questionnaire: p.questionnaire.clone(),
        inputs: p
            .inputs
            .iter()
            .map(|i| InputView {
                role_label: label(match i.role {
                    Role::Answers => "provenance_answers",
                    Role::Incidents => "provenance_incidents",
                    Role::Mapping => "provenance_mapping",
                    Role::Aggregates => "provenance_aggregates",
                }),
                path: i.path.clone(),
                rows: i.rows.map_or_else(|| "—".to_string(), |r| r.to_string()),
                bytes: i.bytes.to_string(),
                sha256: i.sha256.clone(),
            })
            .collect(),
        verify_command: p.verify_command("DIR"),
    }
}

/// Provenance as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ProvenanceView {
    /// The paragraph above the table, version filled in.
    pub intro: String,
    /// The questionnaire.
    pub questionnaire: QuestionnaireSource,
    /// One line per input file.
    pub inputs: Vec<InputView>,
    /// The `imcm verify` command for this report.
    pub verify_command: String,
}

/// One input file as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct InputView {
    /// "Answers", "Incident log", "Mapping file" in the report's language.
    pub role_label: String,
    /// Path as given.
    pub path: String,
    /// Data rows, or "—".
    pub rows: String,
    /// Size in bytes.
    pub bytes: String,
    /// SHA-256.
    pub sha256: String,
}
