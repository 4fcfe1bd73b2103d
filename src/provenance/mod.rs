//! Provenance: the exact inputs behind a set of figures.
//!
//! Every `scores.json` and report records the imcm version, the questionnaire
//! (id, version and SHA-256 of its TOML) and, for every input file, its
//! SHA-256, size and row count. `imcm verify` reads that record back, checks
//! the files it is given against it and recomputes the figures.

pub mod manifest;
pub mod verify;

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// What an input file was used as.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Questionnaire answers (`--answers`).
    Answers,
    /// An incident log (`--incidents`).
    Incidents,
    /// The mapping file of the incident logs (`--map`).
    Mapping,
    /// A file of the aggregate tables read with `--kpis` (written by the
    /// script of `imcm kpi --emit-sql`).
    Aggregates,
}

impl Role {
    /// The command-line option that takes a file of this role.
    pub fn option(self) -> &'static str {
        match self {
            Role::Answers => "--answers",
            Role::Incidents => "--incidents",
            Role::Mapping => "--map",
            Role::Aggregates => "--kpis",
        }
    }
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InputFile {
    /// What it was used as.
    pub role: Role,
    /// The path as given on the command line (or the label of an embedded
    /// example).
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Data rows read from it (answer rows, incident rows); `null` for a
    /// mapping file, which has none.
    pub rows: Option<u64>,
}

/// The questionnaire the figures were computed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QuestionnaireSource {
    /// Questionnaire id.
    pub id: String,
    /// Questionnaire version.
    pub version: String,
    /// `built-in:ID` or the path of the TOML file.
    pub source: String,
    /// SHA-256 of the TOML text, lower-case hex.
    pub sha256: String,
}

/// Everything a set of figures was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Provenance {
    /// The imcm version that computed the figures.
    pub imcm_version: String,
    /// The questionnaire.
    pub questionnaire: QuestionnaireSource,
    /// Input files in the order given: answers, then incident logs, then the
    /// mapping file.
    pub inputs: Vec<InputFile>,
    /// The encoding forced on the answer files with `--encoding`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers_encoding: Option<String>,
    /// Which timestamp placed incidents in quarters (`detected_at` …), when
    /// incident logs were given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_period_from: Option<String>,
    /// How several respondents' answers to one metric were combined
    /// (`lowest`, `median`, `majority`), when some metric had several or a
    /// rule other than the default `lowest` was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers_consensus: Option<String>,
    /// When the incident KPIs were read from aggregate tables (`--kpis`):
    /// the engine and script that made them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_aggregates: Option<AggregatesSource>,
}

/// How the aggregate tables read with `--kpis` were made, from their manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AggregatesSource {
    /// The folder read.
    pub folder: String,
    /// The SQL engine's dialect (`duckdb`, `spark`).
    pub dialect: String,
    /// SHA-256 of the script's statements (`imcm kpi --emit-sql`).
    pub sql_sha256: String,
    /// The imcm that wrote the script.
    pub generator: String,
    /// The grouping of the tables.
    pub group_by: String,
    /// The canonical incident table the script read, as the engine named it.
    pub input: String,
}

impl Provenance {
    /// A record for `loaded` with no input files yet.
    pub fn new(loaded: &crate::input::questionnaire::Loaded) -> Self {
        Provenance {
            imcm_version: env!("CARGO_PKG_VERSION").to_string(),
            questionnaire: QuestionnaireSource {
                id: loaded.questionnaire.id.clone(),
                version: loaded.questionnaire.version.clone(),
                source: loaded.origin.to_string(),
                sha256: sha256_hex(loaded.source.as_bytes()),
            },
            inputs: Vec::new(),
            answers_encoding: None,
            incident_period_from: None,
            answers_consensus: None,
            incident_aggregates: None,
        }
    }

    /// Add a file read from disk, hashing it.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read.
    pub fn add_file(&mut self, role: Role, path: &Path, rows: Option<u64>) -> Result<()> {
        let (sha256, bytes) = hash_file(path)?;
        self.inputs.push(InputFile {
            role,
            path: path.display().to_string(),
            sha256,
            bytes,
            rows,
        });
        Ok(())
    }

    /// Add input held in memory (the embedded example), under `label`.
    pub fn add_bytes(&mut self, role: Role, label: &str, data: &[u8], rows: Option<u64>) {
        self.inputs.push(InputFile {
            role,
            path: label.to_string(),
            sha256: sha256_hex(data),
            bytes: data.len() as u64,
            rows,
        });
    }

    /// The `imcm verify` command line that checks figures in `report`
    /// (a report folder or a scores.json file) against these inputs.
    pub fn verify_command(&self, report: &str) -> String {
        let mut words = vec!["imcm".to_string(), "verify".to_string(), shell_word(report)];
        if !self.questionnaire.source.starts_with("built-in:") {
            words.push("-q".into());
            words.push(shell_word(&self.questionnaire.source));
        }
        // The aggregate tables are found at their recorded paths: verify
        // has no option for them.
        for role in [Role::Answers, Role::Incidents, Role::Mapping] {
            let files: Vec<String> = self
                .inputs
                .iter()
                .filter(|i| i.role == role && !i.path.starts_with("built-in:"))
                .map(|i| shell_word(&i.path))
                .collect();
            if !files.is_empty() {
                words.push(role.option().to_string());
                words.extend(files);
            }
        }
        words.join(" ")
    }
}

/// `word` quoted for a POSIX shell when it needs it.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@+,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Lower-case hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hex(digest: &[u8]) -> String {
    use std::fmt::Write;
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// SHA-256 and size of a file, read in blocks so that a log of any size
/// hashes in constant memory. Only a regular file is read: a pipe would
/// block and a device (`/dev/zero`) never ends, so both are refused before
/// they are opened, and the opened file is checked again.
///
/// # Errors
/// [`Error::Io`] naming the file, also when it is a folder or not a regular
/// file.
pub fn hash_file(path: &Path) -> Result<(String, u64)> {
    let regular = |meta: &std::fs::Metadata| crate::fs::require_regular(path, meta);
    regular(&std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?)?;
    let mut file = std::fs::File::open(path).map_err(|e| Error::io("read", path, e))?;
    regular(&file.metadata().map_err(|e| Error::io("read", path, e))?)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| Error::io("read", path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((hex(&hasher.finalize()), total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_spaces_or_quotes_are_quoted_for_the_shell() {
        assert_eq!(shell_word("out/q3"), "out/q3");
        assert_eq!(shell_word("My Answers.csv"), "'My Answers.csv'");
        assert_eq!(shell_word("it's.csv"), "'it'\\''s.csv'");
    }

    #[test]
    fn sha256_matches_the_published_test_vectors() {
        // FIPS 180-2, appendix B.1 and the empty message.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn devices_pipes_and_folders_are_not_hashed() {
        for p in ["/dev/zero", "/dev/null"] {
            let e = hash_file(Path::new(p)).unwrap_err().to_string();
            assert!(e.contains(p) && e.contains("not a regular file"), "{e}");
        }
        let dir = tempfile::tempdir().unwrap();
        let e = hash_file(dir.path()).unwrap_err().to_string();
        assert!(e.contains("folder"), "{e}");
        let fifo = dir.path().join("log.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = hash_file(&fifo).unwrap_err().to_string();
            assert!(e.contains("not a regular file"), "{e}");
        }
    }

    #[test]
    fn a_file_hashes_like_its_bytes_across_block_boundaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bin");
        let data: Vec<u8> = (0..(3 << 20) + 17).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let (sha, bytes) = hash_file(&path).unwrap();
        assert_eq!(bytes, data.len() as u64);
        assert_eq!(sha, sha256_hex(&data));
    }
}
