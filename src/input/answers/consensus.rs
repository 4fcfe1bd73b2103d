//! Several respondents, one answer: once every file is read, each metric
//! that more than one respondent answered gets the status the consensus
//! rule picks, and keeps every respondent's own answer beside it.
//!
//! Only scored statuses (yes, partial, no) take part when any respondent
//! gave one: a respondent who did not see a practice, or thinks it does not
//! apply, does not outweigh one who answered from what they saw. When no
//! respondent gave a scored status, the metric is not applicable only if
//! every respondent said so, and otherwise not observed (it still counts
//! against coverage). "Lower" means fewer points; ties go to the lower.

use crate::model::{Answer, AnswerSet, ConsensusRule, Questionnaire, Treatment};

/// Settle every metric answered by several respondents with `rule`.
pub(crate) fn settle(set: &mut AnswerSet, rule: ConsensusRule, q: &Questionnaire) {
    for answers in set.assessments.values_mut() {
        for answer in answers.values_mut() {
            if answer.responses.len() > 1 {
                combine(answer, rule, q);
            }
        }
    }
}

/// The response the rule picks among `responses` (all with a status).
pub(crate) fn pick(responses: &[Answer], rule: ConsensusRule, q: &Questionnaire) -> usize {
    let treatment = |r: &Answer| {
        r.status
            .as_deref()
            .and_then(|s| q.status(s))
            .map(|d| (d.treatment, d.points))
    };
    let scored: Vec<(usize, f64)> = responses
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match treatment(r) {
            Some((Treatment::Scored, points)) => Some((i, points)),
            _ => None,
        })
        .collect();
    if scored.is_empty() {
        let unobserved = responses
            .iter()
            .position(|r| matches!(treatment(r), Some((Treatment::Unobserved, _))));
        return unobserved.unwrap_or(0);
    }
    // In reading order, lowest points first: the first of equals stays first.
    let mut by_points = scored.clone();
    by_points.sort_by(|a, b| a.1.total_cmp(&b.1));
    match rule {
        ConsensusRule::Lowest => by_points[0].0,
        ConsensusRule::Median => by_points[(by_points.len() - 1) / 2].0,
        ConsensusRule::Majority => {
            let count = |i: usize| {
                scored
                    .iter()
                    .filter(|(j, _)| responses[*j].status == responses[i].status)
                    .count()
            };
            let most = scored.iter().map(|(i, _)| count(*i)).max().unwrap_or(0);
            by_points
                .iter()
                .find(|(i, _)| count(*i) == most)
                .map_or(by_points[0].0, |(i, _)| *i)
        }
    }
}

/// Distinct non-empty values of one field, in reading order.
fn distinct(responses: &[Answer], field: fn(&Answer) -> &str) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for r in responses {
        let v = field(r).trim();
        if !v.is_empty() && !out.iter().any(|(_, seen)| *seen == v) {
            out.push((r.respondent.as_str(), v));
        }
    }
    out
}

/// One text from several respondents: as given when only one wrote it,
/// else each prefixed with who wrote it, one per line.
fn joined(responses: &[Answer], field: fn(&Answer) -> &str) -> String {
    let values = distinct(responses, field);
    if values.len() == 1 {
        return values[0].1.to_string();
    }
    values
        .iter()
        .map(|(who, v)| {
            if who.is_empty() {
                (*v).to_string()
            } else {
                format!("[{who}] {v}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Make `answer` the consensus of its responses.
fn combine(answer: &mut Answer, rule: ConsensusRule, q: &Questionnaire) {
    let responses = std::mem::take(&mut answer.responses);
    let chosen = &responses[pick(&responses, rule, q)];
    let names = |field: fn(&Answer) -> &str| {
        distinct(&responses, field)
            .iter()
            .map(|(_, v)| *v)
            .collect::<Vec<_>>()
            .join(", ")
    };
    *answer = Answer {
        metric: answer.metric.clone(),
        status: chosen.status.clone(),
        evidence: joined(&responses, |r| &r.evidence),
        comment: joined(&responses, |r| &r.comment),
        assessor: names(|r| &r.assessor),
        assessed_on: responses
            .iter()
            .map(|r| r.assessed_on.trim())
            .max()
            .unwrap_or_default()
            .to_string(),
        indicators_met: indicators_union(&responses),
        respondent: names(|r| &r.respondent),
        source: chosen.source.clone(),
        rule: Some(rule),
        responses,
    };
}

/// The indicators any respondent saw: the union of the numbers when every
/// entry is a list of numbers, else the entries as written.
fn indicators_union(responses: &[Answer]) -> String {
    let values = distinct(responses, |r| &r.indicators_met);
    let numbers: Option<Vec<Vec<u32>>> = values
        .iter()
        .map(|(_, v)| crate::model::indicator_numbers(v))
        .collect();
    match numbers {
        Some(lists) => {
            let set: std::collections::BTreeSet<u32> = lists.into_iter().flatten().collect();
            set.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        }
        None => values
            .iter()
            .map(|(_, v)| *v)
            .collect::<Vec<_>>()
            .join("; "),
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

    fn said(who: &str, status: &str) -> Answer {
        Answer {
            metric: "1.1.1".into(),
            status: Some(status.into()),
            respondent: who.into(),
            ..Answer::default()
        }
    }

    fn status_by(rule: ConsensusRule, statuses: &[&str]) -> String {
        let rs: Vec<Answer> = statuses
            .iter()
            .enumerate()
            .map(|(i, s)| said(&format!("R{i}"), s))
            .collect();
        rs[pick(&rs, rule, &q())].status.clone().unwrap()
    }

    #[test]
    fn each_rule_picks_the_status_worked_out_by_hand() {
        use ConsensusRule::*;
        // yes = 1, partial = 0.5, no = 0 points.
        assert_eq!(status_by(Lowest, &["yes", "partial", "yes"]), "partial");
        assert_eq!(status_by(Median, &["yes", "partial", "yes"]), "yes");
        assert_eq!(status_by(Majority, &["yes", "partial", "yes"]), "yes");
        // Even count: the lower middle; a tie in votes: the lower status.
        assert_eq!(status_by(Median, &["yes", "no"]), "no");
        assert_eq!(
            status_by(Median, &["yes", "yes", "partial", "no"]),
            "partial"
        );
        assert_eq!(status_by(Majority, &["yes", "partial"]), "partial");
        assert_eq!(status_by(Majority, &["yes", "no", "yes", "no"]), "no");
        assert_eq!(status_by(Majority, &["no", "yes", "yes"]), "yes");
    }

    #[test]
    fn unscored_answers_give_way_to_scored_ones() {
        use ConsensusRule::*;
        assert_eq!(status_by(Lowest, &["not_applicable", "yes"]), "yes");
        assert_eq!(status_by(Lowest, &["not_observed", "partial"]), "partial");
        assert_eq!(
            status_by(Majority, &["not_applicable", "not_applicable", "no"]),
            "no"
        );
        assert_eq!(
            status_by(Lowest, &["not_applicable", "not_observed"]),
            "not_observed"
        );
        assert_eq!(
            status_by(Median, &["not_applicable", "not_applicable"]),
            "not_applicable"
        );
    }

    #[test]
    fn the_consensus_keeps_every_respondents_words() {
        let mut a = said("Sato", "yes");
        a.evidence = "runbook v3".into();
        a.indicators_met = "1, 3".into();
        a.assessed_on = "2026-07-02".into();
        let mut b = said("Kato", "no");
        b.evidence = "no tickets".into();
        b.indicators_met = "2、3".into();
        b.assessed_on = "2026-07-09".into();
        let mut answer = a.clone();
        answer.responses = vec![a, b];
        combine(&mut answer, ConsensusRule::Lowest, &q());
        assert_eq!(answer.status.as_deref(), Some("no"));
        assert_eq!(answer.respondent, "Sato, Kato");
        assert_eq!(answer.evidence, "[Sato] runbook v3\n[Kato] no tickets");
        assert_eq!(answer.indicators_met, "1, 2, 3");
        assert_eq!(answer.assessed_on, "2026-07-09");
        assert_eq!(answer.responses.len(), 2);
        assert_eq!(answer.rule, Some(ConsensusRule::Lowest));
    }
}
