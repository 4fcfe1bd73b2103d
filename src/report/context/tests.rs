//! Context and page tests on the example organisation (`examples/data/`):
//! what the report says when the answers leave a fact out (no date, no
//! target), and what it adds when they give more (indicators met,
//! interviewees who disagree).

use crate::input::target::Target;
use crate::model::{Assessment, AssessmentKey, Consensus, Lang, Questionnaire, Response};
use crate::report::html::Renderer;
use std::path::Path;

fn questionnaire() -> Questionnaire {
    crate::input::questionnaire::default_questionnaire()
        .unwrap()
        .questionnaire
}

/// Head Office 2026-Q3 of the example, from `csv` (the example's rows
/// rewritten by `edit`).
fn head_office(q: &Questionnaire, edit: impl Fn(&str) -> String) -> Assessment {
    let csv: String = crate::input::demo::DEMO_ANSWERS
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.contains("Head Office,2026-Q3"))
        .map(|(_, l)| edit(l) + "\n")
        .collect();
    let set = crate::input::answers::load_bytes(Path::new("answers.csv"), csv.as_bytes(), q)
        .expect("example answers");
    let key = AssessmentKey {
        org: "Kitsune Logistics".into(),
        unit: "Head Office".into(),
        period: "2026-Q3".parse().unwrap(),
    };
    crate::scoring::score(q, &key, &set.assessments[&key])
}

/// Drop the last column (`assessed_on`) of every row.
fn without_date(line: &str) -> String {
    line.rsplit_once(',')
        .map_or(line, |(rest, _)| rest)
        .to_string()
}

fn page(a: &Assessment, q: &Questionnaire, target: Option<&Target>, lang: Lang) -> String {
    let renderer = Renderer::new(None).unwrap();
    crate::report::render(&renderer, a, q, target, lang, None, None, None)
        .unwrap()
        .html
}

/// The row of metric `id` in its category's metric table.
fn metric_row<'a>(html: &'a str, id: &str) -> &'a str {
    between(
        html,
        &format!("<td class=\"id\">{id}</td>\n        <td>"),
        "</tr>",
    )
}

/// The text of the first element that starts with `start`, up to `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("{start}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn without_assessed_on_the_header_shows_the_period_and_no_date() {
    let q = questionnaire();
    let a = head_office(&q, without_date);
    assert_eq!(a.assessed_on, None);
    for (lang, date_label) in [(Lang::En, "Assessed on"), (Lang::Ja, "評価日")] {
        let html = page(&a, &q, None, lang);
        let header = between(&html, "<dl class=\"meta\">", "</dl>");
        assert!(!header.contains(date_label), "{header}");
        assert!(!header.contains("2026-09-30") && !header.contains("9月30日"));
        assert!(header.contains("<dd>2026-Q3</dd>"), "{header}");
        // The one assessor of the example is named in the header.
        assert!(header.contains("<dd>M. Sato</dd>"), "{header}");
    }
    // With the dates of the example: the first and the last interview day.
    let dated = head_office(&q, str::to_string);
    let html = page(&dated, &q, None, Lang::Ja);
    let header = between(&html, "<dl class=\"meta\">", "</dl>");
    assert!(
        header.contains("<dt>評価日</dt><dd>2026年10月6日〜2026年10月7日</dd>"),
        "{header}"
    );
}

#[test]
fn without_a_target_no_target_is_shown_and_with_one_it_is() {
    let q = questionnaire();
    let a = head_office(&q, str::to_string);
    let (ctx, _) = super::build(&a, &q, None, Lang::En, Default::default(), None, None).unwrap();
    assert_eq!(ctx.target_label, None);
    assert!(ctx.summary.iter().all(|s| s.target.is_none()));
    assert!(ctx.summary.iter().all(|s| s.meets_target.is_none()));
    for lang in [Lang::En, Lang::Ja] {
        let html = page(&a, &q, None, lang);
        // The questionnaire's own words ("target dates", 目標値) may say
        // it; the report's labels and classes must not.
        for label in [
            ">Target<",
            ">目標<",
            "below target",
            "meets target",
            "目標未達",
            "目標達成",
            "class=\"below\"",
            "class=\"meets\"",
            "against the target",
            "目標プロファイル",
        ] {
            assert!(!html.contains(label), "{label} in {lang:?}");
        }
    }
    // Levels of Head Office 2026-Q3 are 2, 3, 3, 2 (the golden scores.csv):
    // against a uniform 3, Protect and Sustain are below it.
    let three = Target::uniform(&q, 3);
    let html = page(&a, &q, Some(&three), Lang::En);
    let protect = between(&html, "id=\"category-protect\"", "</div>");
    assert!(
        protect.contains("Target</span> <strong>3</strong>"),
        "{protect}"
    );
    assert!(protect.contains("below target"), "{protect}");
    let detect = between(&html, "id=\"category-detect\"", "</div>");
    assert!(detect.contains("meets target"), "{detect}");
    let ja = page(&a, &q, Some(&three), Lang::Ja);
    assert_eq!(ja.matches("目標未達").count(), 2);
}

#[test]
fn indicators_met_are_marked_or_shown_as_written() {
    let q = questionnaire();
    // The example has no indicators_met column: add one after `status`.
    let with_indicators = |line: &str| {
        let cells: Vec<&str> = line.splitn(6, ',').collect();
        let met = match cells[3] {
            "metric" => "indicators_met",
            "3.1.2" => "\"1, 3\"",
            "1.1.1" => "２、１",
            "2.1.1" => "policy seen; logs not shown",
            _ => "",
        };
        format!("{},{met},{}", cells[..5].join(","), cells[5])
    };
    let a = head_office(&q, with_indicators);
    let html = page(&a, &q, None, Lang::En);
    let row = metric_row(&html, "3.1.2");
    assert!(row.contains("Indicators met: 2 of 4"), "{row}");
    // 3.1.2's indicators 1 and 3 (questionnaire order) are met, 2 and 4 not.
    let marks: Vec<&str> = row
        .match_indices("<li class=\"")
        .map(|(i, _)| &row[i + 11..i + 16])
        .collect();
    assert_eq!(marks, ["met\">", "unmet", "met\">", "unmet"], "{row}");
    assert!(
        row.contains("✓</span> 3. A report form or template"),
        "{row}"
    );
    let row = metric_row(&html, "1.1.1");
    assert!(row.contains("Indicators met: 2 of 4"), "{row}");
    let row = metric_row(&html, "2.1.1");
    assert!(
        row.contains(
            "Indicators met (as written): <span class=\"user\">policy seen; logs not shown</span>"
        ),
        "{row}"
    );
    // A metric with nothing recorded shows no indicator line, only its guidance.
    let row = metric_row(&html, "1.2.1");
    assert!(!row.contains("Indicators met"), "{row}");
    assert!(row.contains("How to check:"), "{row}");
    let ja = page(&a, &q, None, Lang::Ja);
    let row = metric_row(&ja, "3.1.2");
    assert!(row.contains("確認できた指標：4 件中 2 件"), "{row}");
    assert!(row.contains("確認の手引き："), "{row}");
}

/// Two interviewees on 3.1.2 (yes and no, counted as no by `lowest`) and
/// two who agree on 3.2.1.
fn with_consensus(mut a: Assessment) -> Assessment {
    let response = |who: &str, status: &str, line: u32| Response {
        respondent: who.into(),
        status: status.into(),
        source: format!("answers-{who}.csv:{line}"),
        evidence: String::new(),
        comment: if status == "no" {
            "No written guideline yet".into()
        } else {
            String::new()
        },
    };
    for m in &mut a.metrics {
        if m.id == "3.1.2" {
            m.status = "no".into();
            m.consensus = Some(Consensus {
                rule: "lowest".into(),
                responses: vec![response("Tanaka", "yes", 24), response("Suzuki", "no", 9)],
                spread: 1.0,
                disagree: true,
            });
        }
        if m.id == "3.2.1" {
            m.consensus = Some(Consensus {
                rule: "lowest".into(),
                responses: vec![response("Tanaka", "yes", 26), response("Suzuki", "yes", 11)],
                spread: 0.0,
                disagree: false,
            });
        }
    }
    a
}

#[test]
fn disagreeing_interviewees_get_their_own_section_and_agreeing_ones_do_not() {
    let q = questionnaire();
    let plain = head_office(&q, str::to_string);
    for lang in [Lang::En, Lang::Ja] {
        assert!(!page(&plain, &q, None, lang).contains("id=\"disagreements\""));
    }
    let a = with_consensus(plain);
    let labels = Renderer::new(None).unwrap().labels(Lang::En);
    let (ctx, _) = super::build(&a, &q, None, Lang::En, labels, None, None).unwrap();
    assert_eq!(ctx.disagreements.len(), 1, "3.2.1 agrees");
    let d = &ctx.disagreements[0];
    assert_eq!((d.id.as_str(), d.spread.as_str()), ("3.1.2", "1"));
    let who: Vec<(&str, &str)> = d
        .responses
        .iter()
        .map(|r| (r.respondent.as_str(), r.status.as_str()))
        .collect();
    assert_eq!(who, [("Tanaka", "Yes"), ("Suzuki", "No")]);

    let html = page(&a, &q, None, Lang::En);
    let section = between(&html, "id=\"disagreements\"", "</section>");
    assert!(section.contains("Where interviewees disagree"));
    assert!(section.contains("<td class=\"id\">3.1.2</td>"));
    assert!(!section.contains("3.2.1"));
    assert!(
        section
            .contains("<span class=\"who\">Tanaka</span> <span class=\"status s-yes\">Yes</span>"),
        "{section}"
    );
    assert!(
        section.contains("<span class=\"who\">Suzuki</span> <span class=\"status s-no\">No</span>")
    );
    assert!(section.contains("Comment: No written guideline yet"));
    assert!(section.contains("answers-Suzuki.csv:9"));
    assert!(section.contains("<td class=\"num\">1</td>"), "spread");
    assert!(section.contains("Rule: lowest (the answer worth the fewest points)"));
    assert_eq!(
        d.rule, "Rule: lowest (the answer worth the fewest points)",
        "the rule in words"
    );
    let ja = page(&a, &q, None, Lang::Ja);
    let section = between(&ja, "id=\"disagreements\"", "</section>");
    assert!(section.contains("回答者間で回答が分かれた項目"));
    assert!(
        section
            .contains("<span class=\"who\">Tanaka</span> <span class=\"status s-yes\">はい</span>")
    );
    assert!(
        section.contains("集約ルール：最低値（最も点の低い回答）"),
        "{section}"
    );
}

#[test]
fn the_appendix_lists_the_records_to_request_per_category() {
    let q = questionnaire();
    let a = head_office(&q, str::to_string);
    let html = page(&a, &q, None, Lang::En);
    let appendix = between(&html, "id=\"evidence-request\"", "</section>");
    assert_eq!(
        appendix.matches("<h3>").count(),
        4,
        "one group per category"
    );
    // 45 artifact indicators in imcm-v0.1, each listed once.
    assert_eq!(appendix.matches("<li>").count(), 45);
    let row = between(appendix, "<td class=\"id\">1.1.1</td>", "</tr>");
    assert!(row.contains("Dated risk assessment reports naming the systems covered"));
    let ja = page(&a, &q, None, Lang::Ja);
    let appendix = between(&ja, "id=\"evidence-request\"", "</section>");
    assert!(appendix.contains("付録：事前に依頼する資料"));
    assert!(appendix.contains("直近の周期のリスク評価報告書"));
}
