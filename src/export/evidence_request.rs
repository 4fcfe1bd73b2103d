//! The evidence-request list of `imcm init --evidence-request` as a table:
//! its headers and cells in the chosen language (shared by the CSV file here
//! and the workbook of [`super::xlsx::evidence_request`]). The rows come from
//! [`crate::analysis::evidence_request`].

use crate::analysis::evidence_request::EvidenceRequest;
use crate::error::{Error, Result};
use crate::export::template::csv_bom;
use crate::format::inert;
use crate::model::Lang;
use crate::model::columns::answer_column;

/// Fixed texts of the list in one language.
#[derive(Debug)]
pub struct RequestText {
    /// Heading of the workbook's sheet.
    pub title: &'static str,
    /// The sentence under the heading.
    pub intro: &'static str,
    /// Name of the workbook's sheet.
    pub sheet: &'static str,
    /// Cell of a request a `yes` needs.
    pub required: &'static str,
}

/// The list's texts in `lang`.
pub fn request_text(lang: Lang) -> RequestText {
    match lang {
        Lang::En => RequestText {
            title: "Documents to prepare for the assessment interviews",
            intro: "Before the interviews, please have the documents and records below ready, or note where they are kept. The numbers are those of the indicators in the interview workbook.",
            sheet: "Documents to prepare",
            required: "Required",
        },
        Lang::Ja => RequestText {
            title: "評価ヒアリングに向けた準備資料のお願い",
            intro: "ヒアリングの前に、以下の文書・記録をご準備いただくか、保管場所をご記入ください。番号はヒアリングシートの指標の番号です。",
            sheet: "準備資料",
            required: "必須",
        },
    }
}

/// Keys of the list's columns; the headers come from [`headers`].
pub const REQUEST_COLUMNS: [&str; 7] = [
    "metric", "question", "number", "artifact", "required", "provided", "category",
];

/// The headers of [`REQUEST_COLUMNS`] in `lang`.
pub fn headers(lang: Lang) -> Vec<&'static str> {
    let ja = lang == Lang::Ja;
    REQUEST_COLUMNS
        .iter()
        .map(|&key| match key {
            "number" => {
                if ja {
                    "指標番号"
                } else {
                    "Indicator no."
                }
            }
            "artifact" => {
                if ja {
                    "準備していただく資料・記録"
                } else {
                    "Document or record to have ready"
                }
            }
            "required" => {
                if ja {
                    "「はい」の条件"
                } else {
                    "Needed for Yes"
                }
            }
            "provided" => {
                if ja {
                    "ご提出の資料（名称・保管場所）"
                } else {
                    "Provided (name, where kept)"
                }
            }
            _ => answer_column(key).header(lang),
        })
        .collect()
}

/// The cells of one request in [`REQUEST_COLUMNS`] order; the "provided"
/// cell is empty, for the organisation to fill in.
pub fn cells(r: &EvidenceRequest, lang: Lang) -> Vec<String> {
    vec![
        r.metric.clone(),
        r.question.clone(),
        r.number.to_string(),
        r.artifact.clone(),
        if r.required {
            request_text(lang).required.to_string()
        } else {
            String::new()
        },
        String::new(),
        r.category_name.clone(),
    ]
}

/// The list as CSV, UTF-8 with a BOM: the headers in `lang`, one row per
/// request. Text a spreadsheet would run as a formula is made inert.
///
/// # Errors
/// [`Error::Serialise`] only if the CSV writer fails.
pub fn evidence_request_csv(requests: &[EvidenceRequest], lang: Lang) -> Result<Vec<u8>> {
    let ser = |e: &dyn std::fmt::Display| Error::Serialise {
        what: "evidence-request list",
        message: e.to_string(),
    };
    let mut w = csv::Writer::from_writer(csv_bom());
    w.write_record(headers(lang)).map_err(|e| ser(&e))?;
    for r in requests {
        w.write_record(cells(r, lang).iter().map(|c| inert(c).into_owned()))
            .map_err(|e| ser(&e))?;
    }
    w.into_inner().map_err(|e| ser(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_list_has_a_bom_japanese_headers_and_the_indicator_numbers() {
        let requests = [EvidenceRequest {
            metric: "1.1.1".into(),
            question: "リスク評価を実施しているか。".into(),
            number: 3,
            artifact: "=評価報告書".into(),
            required: true,
            category: "protect".into(),
            category_name: "防護".into(),
        }];
        let bytes = evidence_request_csv(&requests, Lang::Ja).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}メトリクス,質問,指標番号,準備していただく資料・記録,「はい」の条件,ご提出の資料（名称・保管場所）,カテゴリ\n\
             1.1.1,リスク評価を実施しているか。,3,'=評価報告書,必須,,防護\n"
        );
    }
}
