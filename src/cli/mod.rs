//! The command line: [`parse_args`] reads argv with clap (in the user's
//! language) and turns what clap matched into a typed [`RunConfig`], checking
//! the combinations clap cannot express. Nothing past this module sees clap
//! types.

mod args;
mod config;
mod localise;
mod options;

pub use config::{
    EventSource, Filter, IncidentInput, KpiFormat, PlanFormat, ReportFormat, ReportOptions,
    RunConfig, ScoresFormat, VerifyRequest,
};
pub use localise::{HELP_JA, help_texts};

use crate::input::answers::AnswerFiles;
use crate::model::{Lang, PeriodFrom};
use args::{Cli, Command, IncidentsCmd, QuestionnaireCmd};
use clap::{CommandFactory, FromArgMatches};
use options::{
    AnswersArg, ByDim, FilterArgs, ImportFrom, IncidentArgs, KpiFormatArg, LangArg, PeriodFromArg,
    PlanFormatArg, ReportArgs, ReportFormatArg, ScoreFormat, ShowFormat, SqlDialectArg,
    TemplateFormat,
};
use std::ffi::OsString;
use std::path::PathBuf;

/// Parse command-line arguments into a [`RunConfig`].
///
/// # Errors
/// clap's error for usage mistakes and `--help`/`--version` (print it and exit
/// with its code).
pub fn parse_args<I, T>(args: I) -> Result<RunConfig, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let lang = crate::i18n::ui_lang();
    let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // The Japanese command line has no `help` subcommand (clap words it in
    // English): `imcm help report` becomes `imcm report --help`.
    if lang == Lang::Ja && args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    let command = localise::localise(Cli::command(), lang);
    let matches = command.try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    // Limits apply process-wide, like the language of messages.
    crate::limits::set(cli.limits);
    crate::error::warning::set_strict(cli.strict);
    config_of(cli.command)
}

/// The typed form of one matched subcommand.
fn config_of(command: Command) -> Result<RunConfig, clap::Error> {
    Ok(match command {
        // The demo shows both deliverables: the page and the Word document.
        Command::Demo { out, report } => RunConfig::Demo(ReportOptions {
            formats: vec![ReportFormat::Html, ReportFormat::Docx],
            ..report_options(report, out)
        }),
        Command::Questionnaire(QuestionnaireCmd::List { .. }) => RunConfig::QuestionnaireList,
        Command::Questionnaire(QuestionnaireCmd::Show {
            name,
            questionnaire,
            format,
            lang,
        }) => RunConfig::QuestionnaireShow {
            name,
            questionnaire,
            json: matches!(format, ShowFormat::Json),
            lang: lang.map_or_else(crate::i18n::ui_lang, Into::into),
        },
        init @ Command::Init { .. } => init_config(init)?,
        Command::Merge {
            q,
            answers,
            lang,
            out,
            force,
        } => RunConfig::Merge {
            questionnaire: q.questionnaire,
            answers: answers.into(),
            lang: lang.into(),
            out,
            force,
        },
        Command::Validate { q, answers, .. } => RunConfig::Validate {
            questionnaire: q.questionnaire,
            answers: answers.into(),
        },
        score @ Command::Score { .. } => score_config(score)?,
        Command::Report {
            q,
            answers,
            filter,
            incidents,
            report,
            format,
            browser,
            out,
        } => RunConfig::Report {
            questionnaire: q.questionnaire,
            answers: answers.into(),
            filter: filter.into(),
            incidents: incidents.into_input(),
            options: ReportOptions {
                formats: report_formats(&format),
                browser,
                ..report_options(report, out)
            },
        },
        Command::Compare {
            q,
            answers,
            incidents,
            org,
            baseline,
            report,
            out,
        } => RunConfig::Compare {
            questionnaire: q.questionnaire,
            answers: answers.into(),
            incidents: incidents.into_input(),
            org,
            baseline,
            options: report_options(report, out),
        },
        kpi @ Command::Kpi { .. } => kpi_config(kpi)?,
        Command::Incidents(import) => import_config(import),
        explain @ Command::Explain { .. } => explain_config(explain),
        plan @ Command::Plan { .. } => plan_config(plan)?,
        Command::Verify {
            report,
            questionnaire,
            answers,
            encoding,
            incidents,
            map,
            ..
        } => RunConfig::Verify(VerifyRequest {
            report,
            questionnaire,
            answers,
            encoding,
            incidents,
            map,
        }),
    })
}

/// A usage error for a combination of options clap cannot rule out itself;
/// `key` names the message.
fn conflict(key: &str) -> clap::Error {
    clap::Error::raw(
        clap::error::ErrorKind::ArgumentConflict,
        crate::i18n::tr(key, &[]) + "\n",
    )
}

/// `imcm init`: the template format follows `--format`, else the file name;
/// a workbook cannot go to standard output.
fn init_config(command: Command) -> Result<RunConfig, clap::Error> {
    let Command::Init {
        q,
        org,
        unit,
        period,
        respondent,
        categories,
        evidence_request,
        lang,
        out,
        force,
        format,
    } = command
    else {
        unreachable!("init_config is called for `init`")
    };
    let xlsx = match format {
        Some(f) => matches!(f, TemplateFormat::Xlsx),
        None => out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")),
    };
    let out = dash_is_stdout(out);
    if xlsx && out.is_none() {
        return Err(conflict("xlsx_not_stdout"));
    }
    Ok(RunConfig::Init {
        force,
        questionnaire: q.questionnaire,
        prefill: crate::export::template::Prefill {
            org,
            unit,
            period,
            respondent,
            categories: categories
                .into_iter()
                .map(|c| c.trim().to_string())
                .collect(),
            lang: lang.into(),
        },
        out,
        xlsx,
        evidence_request,
    })
}

/// `imcm score`: binary formats need a file to write.
fn score_config(command: Command) -> Result<RunConfig, clap::Error> {
    let Command::Score {
        q,
        answers,
        filter,
        incidents,
        format,
        lang,
        target,
        out,
    } = command
    else {
        unreachable!("score_config is called for `score`")
    };
    let out = out.and_then(dash_is_stdout);
    if matches!(format, Some(ScoreFormat::Xlsx | ScoreFormat::Parquet)) && out.is_none() {
        return Err(conflict(if matches!(format, Some(ScoreFormat::Xlsx)) {
            "xlsx_needs_out"
        } else {
            "parquet_needs_out"
        }));
    }
    Ok(RunConfig::Score {
        questionnaire: q.questionnaire,
        answers: answers.into(),
        filter: filter.into(),
        incidents: incidents.into_input(),
        format: format.map(|f| match f {
            ScoreFormat::Table => ScoresFormat::Table,
            ScoreFormat::Json => ScoresFormat::Json,
            ScoreFormat::Csv => ScoresFormat::Csv,
            ScoreFormat::Xlsx => ScoresFormat::Xlsx,
            ScoreFormat::Parquet => ScoresFormat::Parquet,
            ScoreFormat::Oscal => ScoresFormat::Oscal,
        }),
        lang: lang.into(),
        target,
        out,
    })
}

/// `imcm kpi`: the `--by` list becomes the engine's grouping; Parquet needs
/// a file to write.
fn kpi_config(command: Command) -> Result<RunConfig, clap::Error> {
    let Command::Kpi {
        q,
        incidents,
        map,
        by,
        period_from,
        format,
        quality,
        out,
        emit_sql,
        input,
        aggregates_out,
        from_aggregates,
        ..
    } = command
    else {
        unreachable!("kpi_config is called for `kpi`")
    };
    let out = out.and_then(dash_is_stdout);
    let by = crate::input::incidents::engine::By {
        org: by.contains(&ByDim::Org),
        unit: by.contains(&ByDim::Unit),
        period: by.contains(&ByDim::Period),
        category: by.contains(&ByDim::Category),
        severity: by.contains(&ByDim::Severity),
    };
    if let Some(dialect) = emit_sql {
        use crate::input::incidents::tables::sql::Dialect;
        return Ok(RunConfig::EmitSql {
            dialect: match dialect {
                SqlDialectArg::Duckdb => Dialect::DuckDb,
                SqlDialectArg::Spark => Dialect::Spark,
            },
            input: input.unwrap_or_default(),
            aggregates_out: aggregates_out.unwrap_or_default(),
            by,
            out,
        });
    }
    if matches!(format, KpiFormatArg::Parquet) && out.is_none() {
        return Err(conflict("parquet_needs_out"));
    }
    Ok(RunConfig::Kpi {
        questionnaire: q.questionnaire,
        input: IncidentInput {
            paths: incidents,
            map,
            period_from: period_from_of(period_from),
            aggregates: from_aggregates,
        },
        by,
        format: match format {
            KpiFormatArg::Table => KpiFormat::Table,
            KpiFormatArg::Csv => KpiFormat::Csv,
            KpiFormatArg::Json => KpiFormat::Json,
            KpiFormatArg::Parquet => KpiFormat::Parquet,
        },
        quality,
        out,
    })
}

/// `imcm incidents import`: VERIS has its own importer (and default org);
/// MISP and TheHive share one.
fn import_config(command: IncidentsCmd) -> RunConfig {
    if let IncidentsCmd::Prepare {
        q,
        incidents,
        map,
        period_from,
        out,
        force,
        ..
    } = command
    {
        return RunConfig::Prepare {
            questionnaire: q.questionnaire,
            input: IncidentInput {
                paths: incidents,
                map,
                period_from: period_from_of(period_from),
                aggregates: None,
            },
            out,
            force,
        };
    }
    let IncidentsCmd::Import {
        from,
        path,
        out,
        org,
        force,
        list_rejected,
        ..
    } = command
    else {
        unreachable!("prepare returned above")
    };
    let from = match from {
        ImportFrom::Veris => {
            return RunConfig::ImportVeris {
                path,
                out,
                org: org.unwrap_or_else(|| "VCDB".into()),
                force,
                list_rejected,
            };
        }
        ImportFrom::Misp => EventSource::Misp,
        ImportFrom::Thehive => EventSource::TheHive,
    };
    RunConfig::ImportEvents {
        from,
        path,
        out,
        org,
        force,
        list_rejected,
    }
}

/// `imcm explain`: org, unit and period name exactly one assessment.
fn explain_config(command: Command) -> RunConfig {
    let Command::Explain {
        q,
        answers,
        org,
        unit,
        period,
        category,
        incidents,
        lang,
    } = command
    else {
        unreachable!("explain_config is called for `explain`")
    };
    RunConfig::Explain {
        questionnaire: q.questionnaire,
        answers: answers.into(),
        incidents: incidents.into_input(),
        filter: Filter {
            org: Some(org),
            unit: Some(unit),
            period: Some(period),
        },
        category,
        lang: lang.into(),
    }
}

/// `imcm plan`: a workbook needs a file, and `--what-if` prints text or CSV.
fn plan_config(command: Command) -> Result<RunConfig, clap::Error> {
    let Command::Plan {
        q,
        answers,
        filter,
        incidents,
        target,
        effort,
        what_if,
        format,
        lang,
        out,
    } = command
    else {
        unreachable!("plan_config is called for `plan`")
    };
    let out = out.and_then(dash_is_stdout);
    let format = match format {
        PlanFormatArg::Text => PlanFormat::Text,
        PlanFormatArg::Csv => PlanFormat::Csv,
        PlanFormatArg::Xlsx => PlanFormat::Xlsx,
    };
    if format == PlanFormat::Xlsx {
        if !what_if.is_empty() {
            return Err(conflict("whatif_xlsx"));
        }
        if out.is_none() {
            return Err(conflict("xlsx_needs_out"));
        }
    }
    Ok(RunConfig::Plan {
        questionnaire: q.questionnaire,
        answers: answers.into(),
        filter: filter.into(),
        incidents: incidents.into_input(),
        target,
        effort,
        what_if,
        format,
        lang: lang.into(),
        out,
    })
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::En => Lang::En,
            LangArg::Ja => Lang::Ja,
        }
    }
}

impl From<AnswersArg> for AnswerFiles {
    fn from(a: AnswersArg) -> Self {
        AnswerFiles {
            paths: a.answers,
            encoding: a.encoding,
            consensus: a.consensus.into(),
        }
    }
}

impl IncidentArgs {
    /// The incident input, when any log was given.
    fn into_input(self) -> Option<IncidentInput> {
        if let Some(dir) = self.kpis {
            return Some(IncidentInput {
                paths: Vec::new(),
                map: None,
                period_from: period_from_of(self.period_from),
                aggregates: Some(dir),
            });
        }
        (!self.incidents.is_empty()).then(|| IncidentInput {
            paths: self.incidents,
            map: self.map,
            period_from: period_from_of(self.period_from),
            aggregates: None,
        })
    }
}

/// The column whose quarter places an incident.
fn period_from_of(p: PeriodFromArg) -> PeriodFrom {
    match p {
        PeriodFromArg::Occurred => PeriodFrom::OccurredAt,
        PeriodFromArg::Detected => PeriodFrom::DetectedAt,
        PeriodFromArg::Reported => PeriodFrom::ReportedAt,
    }
}

/// `-` means standard output (`None`).
fn dash_is_stdout(p: PathBuf) -> Option<PathBuf> {
    (p.as_os_str() != "-").then_some(p)
}

impl From<FilterArgs> for Filter {
    fn from(f: FilterArgs) -> Self {
        Filter {
            org: f.org,
            unit: f.unit,
            period: f.period,
        }
    }
}

/// The rendering options of `report`, `compare` and `demo`.
fn report_options(r: ReportArgs, out: PathBuf) -> ReportOptions {
    ReportOptions {
        lang: r.lang.into(),
        target: r.target,
        templates: r.templates,
        emit_context: r.emit_context,
        out,
        formats: vec![ReportFormat::Html],
        browser: None,
    }
}

/// The formats of `report --format`, each once, in the order given.
fn report_formats(asked: &[ReportFormatArg]) -> Vec<ReportFormat> {
    let mut formats = Vec::new();
    for f in asked {
        let f = match f {
            ReportFormatArg::Html => ReportFormat::Html,
            ReportFormatArg::Docx => ReportFormat::Docx,
            ReportFormatArg::Pdf => ReportFormat::Pdf,
        };
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    formats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    #[test]
    fn score_parses_into_typed_options() {
        let c = parse_args([
            "imcm",
            "score",
            "--answers",
            "a.csv",
            "b.csv",
            "--format",
            "csv",
            "--period",
            "2026-q2",
        ])
        .unwrap();
        assert_eq!(
            c,
            RunConfig::Score {
                questionnaire: "imcm-v0.1".into(),
                answers: AnswerFiles::detect(vec!["a.csv".into(), "b.csv".into()]),
                filter: Filter {
                    org: None,
                    unit: None,
                    period: Some(Period {
                        year: 2026,
                        quarter: 2
                    })
                },
                incidents: None,
                format: Some(ScoresFormat::Csv),
                lang: Lang::En,
                target: None,
                out: None,
            }
        );
    }

    #[test]
    fn incident_options_parse_into_an_input() {
        let c = parse_args([
            "imcm",
            "report",
            "--answers",
            "a.csv",
            "--incidents",
            "i.csv",
            "j.parquet",
            "--map",
            "m.toml",
            "--period-from",
            "occurred",
            "--out",
            "out",
        ])
        .unwrap();
        let RunConfig::Report { incidents, .. } = c else {
            panic!("report")
        };
        assert_eq!(
            incidents,
            Some(IncidentInput {
                paths: vec!["i.csv".into(), "j.parquet".into()],
                map: Some("m.toml".into()),
                period_from: PeriodFrom::OccurredAt,
                aggregates: None,
            })
        );
        let c = parse_args([
            "imcm",
            "kpi",
            "--incidents",
            "i.csv",
            "--by",
            "org,period,severity",
        ])
        .unwrap();
        let RunConfig::Kpi { by, .. } = c else {
            panic!("kpi")
        };
        assert_eq!(
            (by.org, by.unit, by.period, by.category, by.severity),
            (true, false, true, false, true)
        );
    }

    #[test]
    fn a_bad_period_is_a_usage_error() {
        let e = parse_args(["imcm", "score", "--answers", "a.csv", "--period", "Q2"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("not a quarter of the form YYYY-Qn"));
    }
}
