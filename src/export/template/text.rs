//! The words of the interview workbook in each language: the cover written
//! for the interviewee, the sheet kept for the assessor, the drop-down
//! prompts and the meaning of each status.

use crate::model::Lang;

/// Fixed texts of the interview workbook in one language.
#[derive(Debug)]
pub struct TemplateText {
    /// Heading of the cover sheet.
    pub cover_title: &'static str,
    /// Name of the cover sheet.
    pub sheet_cover: &'static str,
    /// Label of the "areas in this workbook" line of the cover.
    pub areas: &'static str,
    /// Paragraphs of the cover for the interviewee, in order; the scale
    /// follows the paragraph at [`TemplateText::scale_after`].
    pub cover: &'static [&'static str],
    /// Index of the cover paragraph (on the status) that the scale follows.
    pub scale_after: usize,
    /// Name of the assessor's sheet.
    pub sheet_assessor: &'static str,
    /// Heading of the assessor's sheet.
    pub assessor_title: &'static str,
    /// Prompt of the status drop-down.
    pub status_prompt: &'static str,
    /// Message when a typed status is not in the list.
    pub status_error: &'static str,
    /// Prompt of the indicators-met cells.
    pub indicators_prompt: &'static str,
    /// Mark after an indicator that a `yes` needs.
    pub required: &'static str,
    /// Separator between a label and its value (`: ` or `：`).
    pub colon: &'static str,
}

/// The cover text, sheet names and prompts in `lang`.
pub fn template_text(lang: Lang) -> TemplateText {
    match lang {
        Lang::En => TemplateText {
            cover_title: "Incident management capability assessment: interview sheet",
            sheet_cover: "How to fill in",
            areas: "Areas in this workbook",
            cover: &[
                "This workbook collects the answers for an assessment of how your organisation prepares for, detects, handles and learns from security incidents. The assessor goes through it with you in an interview; you are welcome to fill it in beforehand.",
                "Each sheet covers one area and each row is one question. Further right, 'How to check' and 'Indicators' say what the assessor looks for; the numbered indicators are the things that show the practice is in place.",
                "Status: pick one from the list in the cell. Base it on what you can show today, not on what is planned.",
                "Indicators met: write the numbers of the indicators you could show, separated by commas, for example 1, 3. Leave it empty when none could be shown.",
                "Evidence: name what supports the answer (a document's title and version, a record or ticket number, a tool's report) and where it is kept, so that the assessor can ask to see it. There is no need to paste confidential content.",
                "Comment: anything else the assessor should know, such as exceptions, plans already approved or who else to ask.",
                "If you are unsure, leave the status empty and say why in the comment; the assessor will follow it up.",
                "The grey cells are locked so that every answer stays with its question. Please do not rename, move or delete sheets, rows or columns, and return the file as it is (.xlsx).",
            ],
            scale_after: 2,
            sheet_assessor: "For the assessor",
            assessor_title: "For the assessor: checking and combining the answers",
            status_prompt: "Pick the status that what you can show supports.",
            status_error: "Pick one of the listed statuses.",
            indicators_prompt: "The numbers of the indicators you could show, e.g. 1, 3 (see the Indicators column).",
            required: " (needed for Yes)",
            colon: ": ",
        },
        Lang::Ja => TemplateText {
            cover_title: "インシデントマネジメント能力評価　ヒアリングシート",
            sheet_cover: "記入方法",
            areas: "このブックの領域",
            cover: &[
                "このブックは、組織がセキュリティインシデントにどう備え、どう検知して対処し、そこから何を学んでいるかを評価するための回答用紙です。評価者がヒアリングの場で一緒に確認しながら記入します。事前に記入していただいても構いません。",
                "シートは領域ごと、行は質問ごとに分かれています。右側の「確認の手引き」と「指標」の列には評価者が確認する点が書かれています。番号付きの指標は、その取り組みが実施されていることを示す事柄です。",
                "状態：セルの一覧から 1 つ選んでください。予定や方針ではなく、現時点で示せることに基づいて選んでください。",
                "確認できた指標：示すことのできた指標の番号をカンマ区切りで記入してください（例：1, 3）。示せたものがなければ空欄のままにしてください。",
                "根拠：回答の裏付けとなるもの（文書の名称と版、記録やチケットの番号、ツールのレポートなど）とその保管場所を記入してください。評価者が閲覧を依頼できれば十分で、機密の内容を貼り付ける必要はありません。",
                "コメント：例外、承認済みの計画、ほかに確認すべき担当者など、評価者に伝えたいことを記入してください。",
                "判断に迷う場合は状態を空欄にして、理由をコメントに書いてください。評価者が後で確認します。",
                "灰色のセルは、回答が質問から離れないよう保護されています。シート・行・列の名前の変更、移動、削除はせず、そのままの形式（.xlsx）で評価者に返送してください。",
            ],
            scale_after: 2,
            sheet_assessor: "評価者向け",
            assessor_title: "評価者向け：回答の確認と取りまとめ",
            status_prompt: "示せることに基づいて状態を選んでください。",
            status_error: "一覧にある状態を選んでください。",
            indicators_prompt: "示せた指標の番号（例：1, 3）。「指標」の列を参照してください。",
            required: "（「はい」の条件）",
            colon: "：",
        },
    }
}

/// What a status of the default scale means to an interviewee, or `None`
/// for a key of another scale (the cover then shows the label alone).
pub fn status_meaning(key: &str, lang: Lang) -> Option<&'static str> {
    let (en, ja) = match key {
        "yes" => (
            "in place, and you can show it.",
            "実施されており、それを示すことができる。",
        ),
        "partial" => (
            "in place in part, or in place but it cannot be shown.",
            "一部のみ実施されている、または実施されているが示すことができない。",
        ),
        "no" => ("not in place.", "実施されていない。"),
        "not_applicable" => (
            "does not apply to this unit (say why in the comment).",
            "この部門には当てはまらない（理由をコメントに記入）。",
        ),
        "not_observed" => (
            "could not be checked in this interview.",
            "今回のヒアリングでは確認できなかった。",
        ),
        _ => return None,
    };
    Some(match lang {
        Lang::En => en,
        Lang::Ja => ja,
    })
}

/// A line of the assessor's sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssessorLine {
    /// A paragraph of explanation.
    Text(String),
    /// A command line to copy.
    Command(String),
}

/// The assessor's sheet: how to prepare the interviews and check, combine
/// and report the answers with imcm. `questionnaire` names the model the
/// workbook was written for (`title (id version)`).
pub fn assessor_lines(questionnaire: &str, lang: Lang) -> Vec<AssessorLine> {
    use AssessorLine::{Command, Text};
    let ja = lang == Lang::Ja;
    let t = |en: &str, jp: &str| Text(if ja { jp } else { en }.to_string());
    let c = |s: &str| Command(s.to_string());
    vec![
        Text(if ja {
            format!(
                "質問票：{questionnaire}。表紙とこのシートは回答として読み込まれません。見出し行のあるほかのシートはすべて、見出しが英語でも日本語でも回答として読み込まれます。"
            )
        } else {
            format!(
                "Questionnaire: {questionnaire}. The cover and this sheet are not read as answers; every other sheet with the header row is, whether its headers are in English or Japanese."
            )
        }),
        t(
            "Prepare one workbook per interviewee and area, and send the list of documents to have ready before the interviews:",
            "回答者と領域ごとに 1 冊ずつブックを用意し、ヒアリングの前に準備を依頼する資料の一覧を送付します：",
        ),
        c(
            "imcm init --org ORG --unit UNIT --period 2026-Q3 --respondent NAME --category respond --lang ja --out NAME.xlsx",
        ),
        c("imcm init --evidence-request --category respond --lang ja --out requests.xlsx"),
        t(
            "Check a returned workbook (every problem is named with its sheet, row and column):",
            "返送されたブックを確認します（問題はシート・行・列とともに示されます）：",
        ),
        c("imcm validate --answers FILE.xlsx"),
        t(
            "Combine several interviewees: merge writes one sheet with the disagreements marked, for you to settle; report scores them by a rule (lowest by default) and lists every disagreement:",
            "複数の回答者の回答を取りまとめます。merge は食い違う箇所に印を付けた 1 枚のシートを書き出し、評価者が判断します。report は規則（既定は最も低い回答を採る lowest）で集約して採点し、食い違いをすべて一覧にします：",
        ),
        c("imcm merge --answers a.xlsx b.xlsx --out merged.xlsx"),
        c("imcm report --answers a.xlsx b.xlsx --consensus lowest --lang ja --out report/"),
        t(
            "'Indicators met' is kept as written and shown per metric in the report; only the status is scored.",
            "「確認できた指標」は記入されたまま保持され、レポートにメトリクスごとに表示されます。採点に使われるのは状態だけです。",
        ),
        t(
            "The sheets are protected without a password (Review > Unprotect Sheet) so that you can correct a locked cell; protect them again before you pass the workbook on.",
            "シートはパスワードなしで保護されています（［校閲］>［シート保護の解除］）。保護されたセルを修正したら、ブックを渡す前に再び保護してください。",
        ),
        t(
            "A CSV saved from this workbook (CSV UTF-8) is read the same way as the workbook.",
            "このブックから保存した CSV（CSV UTF-8）も、ブックと同じように読み込まれます。",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cover_never_asks_the_interviewee_to_run_imcm() {
        for lang in [Lang::En, Lang::Ja] {
            let text = template_text(lang);
            assert_eq!(text.cover.len(), template_text(Lang::En).cover.len());
            assert!(text.cover.iter().all(|p| !p.contains("imcm")), "{lang:?}");
            assert!(text.cover[text.scale_after].contains(if lang == Lang::Ja {
                "状態"
            } else {
                "Status"
            }));
            // Excel's limits on a data validation's input message.
            for prompt in [text.status_prompt, text.indicators_prompt] {
                assert!(prompt.chars().count() <= 255);
            }
        }
    }

    #[test]
    fn the_assessor_sheet_holds_the_commands() {
        let lines = assessor_lines("IMCM v0.1 (imcm-v0.1 0.1.0)", Lang::Ja);
        let commands: Vec<&str> = lines
            .iter()
            .filter_map(|l| match l {
                AssessorLine::Command(c) => Some(c.as_str()),
                AssessorLine::Text(_) => None,
            })
            .collect();
        assert!(commands.iter().all(|c| c.starts_with("imcm ")));
        assert!(commands.contains(&"imcm validate --answers FILE.xlsx"));
        assert!(matches!(&lines[0], AssessorLine::Text(t) if t.contains("imcm-v0.1 0.1.0")));
    }
}
