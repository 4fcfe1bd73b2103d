//! Ceilings on what one input may cost. A hostile or damaged file (a
//! workbook that claims a million columns, an archive entry that expands to
//! gigabytes, a questionnaire with a million metrics) is refused with a
//! message naming the file and the limit, instead of taking the machine's
//! memory. Every limit has a default sized for real engagements with room to
//! spare, and can be raised for one run with `--limit NAME=VALUE` (sizes take
//! `K`, `M`, `G` suffixes, powers of 1024). `docs/limits.md` lists them.

use std::sync::OnceLock;

/// One limit: its name on the command line, what it bounds, and its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Limit {
    /// Bytes of one answer file (CSV or XLSX) as stored.
    AnswerFileBytes,
    /// Bytes of one questionnaire, mapping or target file (TOML).
    ConfigFileBytes,
    /// Bytes of one JSON file read by `verify` or an importer record file.
    JsonFileBytes,
    /// Cells of one worksheet held in memory (each filled row from column A
    /// to its last filled cell).
    XlsxCells,
    /// Decompressed bytes of one part of an XLSX workbook (a sheet, the shared strings).
    XlsxPartBytes,
    /// Expanded bytes of one entry of an archive (`.tar.gz`) or one file of a folder import.
    ArchiveEntryBytes,
    /// Expanded bytes of a whole archive import.
    ArchiveTotalBytes,
    /// Metrics in one questionnaire (after `extends`).
    QuestionnaireMetrics,
    /// Assessments (org, unit, period) in one run.
    Assessments,
    /// Rows of one incident log.
    IncidentRows,
    /// Tables and arrays in one TOML file (questionnaire, target, template
    /// strings), counted before it is parsed: each costs about a kilobyte
    /// to hold, so a small file of tiny tables would otherwise take gigabytes.
    ConfigTables,
    /// Values (keys and array elements) in one TOML file, counted before it
    /// is parsed.
    ConfigValues,
}

impl Limit {
    /// Every limit, in the order documented.
    pub const ALL: [Limit; 12] = [
        Limit::AnswerFileBytes,
        Limit::ConfigFileBytes,
        Limit::JsonFileBytes,
        Limit::XlsxCells,
        Limit::XlsxPartBytes,
        Limit::ArchiveEntryBytes,
        Limit::ArchiveTotalBytes,
        Limit::QuestionnaireMetrics,
        Limit::Assessments,
        Limit::IncidentRows,
        Limit::ConfigTables,
        Limit::ConfigValues,
    ];

    /// The name used with `--limit`.
    pub fn name(self) -> &'static str {
        match self {
            Limit::AnswerFileBytes => "answer-file-bytes",
            Limit::ConfigFileBytes => "config-file-bytes",
            Limit::JsonFileBytes => "json-file-bytes",
            Limit::XlsxCells => "xlsx-cells",
            Limit::XlsxPartBytes => "xlsx-part-bytes",
            Limit::ArchiveEntryBytes => "archive-entry-bytes",
            Limit::ArchiveTotalBytes => "archive-total-bytes",
            Limit::QuestionnaireMetrics => "questionnaire-metrics",
            Limit::Assessments => "assessments",
            Limit::IncidentRows => "incident-rows",
            Limit::ConfigTables => "config-tables",
            Limit::ConfigValues => "config-values",
        }
    }

    /// The value used when `--limit` does not set it.
    pub fn default_value(self) -> u64 {
        const MIB: u64 = 1 << 20;
        match self {
            Limit::AnswerFileBytes => 256 * MIB,
            Limit::ConfigFileBytes => 16 * MIB,
            Limit::JsonFileBytes => 256 * MIB,
            Limit::XlsxCells => 20_000_000,
            Limit::XlsxPartBytes => 512 * MIB,
            Limit::ArchiveEntryBytes => 64 * MIB,
            Limit::ArchiveTotalBytes => 8 * 1024 * MIB,
            Limit::QuestionnaireMetrics => 10_000,
            Limit::Assessments => 50_000,
            Limit::IncidentRows => 30_000_000,
            Limit::ConfigTables => 300_000,
            Limit::ConfigValues => 1_000_000,
        }
    }

    /// Whether the value is a size in bytes (printed with a unit).
    pub fn is_bytes(self) -> bool {
        self.name().ends_with("-bytes")
    }

    /// The limit named `name`, if any.
    pub fn from_name(name: &str) -> Option<Limit> {
        Limit::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The value in force for this run.
    pub fn get(self) -> u64 {
        let set = SET.get_or_init(Vec::new);
        set.iter()
            .rev()
            .find(|(l, _)| *l == self)
            .map_or_else(|| self.default_value(), |(_, v)| *v)
    }

    /// `n` formatted as the limit's unit (bytes with a binary suffix).
    pub fn show(self, n: u64) -> String {
        if !self.is_bytes() {
            return n.to_string();
        }
        for (unit, size) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
            if n >= size && n.is_multiple_of(size) {
                return format!("{} {unit}", n / size);
            }
        }
        if n >= 1 << 20 {
            return format!("{:.1} MiB", n as f64 / f64::from(1u32 << 20));
        }
        format!("{n} bytes")
    }
}

static SET: OnceLock<Vec<(Limit, u64)>> = OnceLock::new();

/// Set the limits given on the command line (first call wins; later calls
/// are ignored, so tests in one process see one setting).
pub fn set(values: Vec<(Limit, u64)>) {
    let _ = SET.set(values);
}

/// Parse one `NAME=VALUE` given to `--limit`.
///
/// # Errors
/// A sentence naming the known limits or the bad value.
pub fn parse(arg: &str) -> Result<(Limit, u64), String> {
    let (name, value) = arg
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=VALUE, e.g. xlsx-cells=50000000; {}", known()))?;
    let limit = Limit::from_name(name.trim())
        .ok_or_else(|| format!("unknown limit '{}'; {}", name.trim(), known()))?;
    let value = parse_size(value.trim()).ok_or_else(|| {
        format!(
            "'{}' is not a whole number (sizes may end in K, M or G)",
            value.trim()
        )
    })?;
    Ok((limit, value))
}

fn known() -> String {
    let names: Vec<&str> = Limit::ALL.iter().map(|l| l.name()).collect();
    format!("known limits: {}", names.join(", "))
}

fn parse_size(s: &str) -> Option<u64> {
    let s = s.replace('_', "");
    let (digits, mult) = match s.chars().last()?.to_ascii_uppercase() {
        'K' => (&s[..s.len() - 1], 1u64 << 10),
        'M' => (&s[..s.len() - 1], 1 << 20),
        'G' => (&s[..s.len() - 1], 1 << 30),
        _ => (&s[..], 1),
    };
    digits.parse::<u64>().ok()?.checked_mul(mult)
}

/// Check `found` against `limit`.
///
/// # Errors
/// [`crate::Error::Limit`] naming `path` when `found` is over the limit.
pub fn check(limit: Limit, path: impl Into<std::path::PathBuf>, found: u64) -> crate::Result<()> {
    let max = limit.get();
    if found > max {
        return Err(crate::Error::Limit {
            path: path.into(),
            limit,
            found,
            max,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_values_and_suffixes_parse() {
        assert_eq!(
            parse("xlsx-cells=50000000"),
            Ok((Limit::XlsxCells, 50_000_000))
        );
        assert_eq!(
            parse("archive-entry-bytes=1G"),
            Ok((Limit::ArchiveEntryBytes, 1 << 30))
        );
        assert_eq!(
            parse(" assessments = 1_000_000 "),
            Ok((Limit::Assessments, 1_000_000))
        );
        let e = parse("cells=3").unwrap_err();
        assert!(
            e.contains("unknown limit 'cells'") && e.contains("xlsx-cells"),
            "{e}"
        );
        assert!(parse("xlsx-cells=lots").unwrap_err().contains("'lots'"));
        assert!(parse("xlsx-cells").unwrap_err().contains("NAME=VALUE"));
        assert!(parse("xlsx-cells=99999999999999G").is_err(), "overflow");
    }

    #[test]
    fn every_name_is_unique_and_sizes_print_with_units() {
        let names: std::collections::BTreeSet<_> = Limit::ALL.iter().map(|l| l.name()).collect();
        assert_eq!(names.len(), Limit::ALL.len());
        assert_eq!(Limit::ArchiveEntryBytes.show(64 << 20), "64 MiB");
        assert_eq!(Limit::ArchiveEntryBytes.show(3 << 30), "3 GiB");
        assert_eq!(Limit::ArchiveEntryBytes.show(1000), "1000 bytes");
        assert_eq!(Limit::XlsxCells.show(1 << 20), "1048576");
    }
}
