//! Library use: load the built-in questionnaire, read the example answers,
//! score every assessment and print one line per category.
//!
//! Run with `cargo run --example basic`.

use imcm::input::{answers, questionnaire};
use imcm::scoring;
use std::path::PathBuf;

fn main() -> Result<(), imcm::Error> {
    let q = questionnaire::default_questionnaire()?.questionnaire;
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/answers.csv");
    let set = answers::load(&answers::AnswerFiles::detect(vec![path]), &q)?;
    for (key, answers) in &set.assessments {
        let a = scoring::score(&q, key, answers);
        let cats: Vec<String> = a
            .categories
            .iter()
            .map(|c| {
                let score = c.group.score.map_or("—".to_string(), |s| format!("{s:.1}"));
                let level = c.level.map_or("—".to_string(), |l| l.to_string());
                format!("{} {score} (L{level})", c.key)
            })
            .collect();
        let overall = a.overall_level.map_or("—".to_string(), |l| l.to_string());
        println!("{key}: overall L{overall} | {}", cats.join(" | "));
    }
    Ok(())
}
