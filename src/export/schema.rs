//! The published JSON Schemas (draft 2020-12) of `scores.json`, of
//! `imcm kpi --format json` and of `imcm-manifest.json`, generated from the
//! Rust types that write those files.

use super::json::{INCIDENTS_SCHEMA_VERSION, SCORES_SCHEMA_VERSION, ScoresDoc};
use crate::error::{Error, Result};

/// A published JSON Schema (draft 2020-12) generated from the Rust types
/// that write the JSON, with its id and version.
fn published_schema(
    mut schema: serde_json::Value,
    name: &str,
    title: &str,
    version: &str,
) -> Result<Vec<u8>> {
    if let Some(map) = schema.as_object_mut() {
        map.insert(
            "$id".into(),
            serde_json::Value::String(format!(
                "https://imcm.example/schemas/{name}-{version}.schema.json"
            )),
        );
        map.insert("title".into(), serde_json::Value::String(title.into()));
        map.insert("version".into(), serde_json::Value::String(version.into()));
    }
    let mut bytes = serde_json::to_vec_pretty(&schema).map_err(|e| Error::Serialise {
        what: "JSON Schema",
        message: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The JSON Schema of `scores.json` (and `imcm score --format json`).
///
/// # Errors
/// [`Error::Serialise`] only if serde_json fails.
pub fn scores_schema() -> Result<Vec<u8>> {
    let schema = serde_json::to_value(schemars::schema_for!(ScoresDoc<'static>)).map_err(|e| {
        Error::Serialise {
            what: "JSON Schema",
            message: e.to_string(),
        }
    })?;
    published_schema(schema, "scores", "imcm scores.json", SCORES_SCHEMA_VERSION)
}

/// The JSON Schema of `imcm kpi --format json`.
///
/// # Errors
/// [`Error::Serialise`] only if serde_json fails.
pub fn incidents_schema() -> Result<Vec<u8>> {
    let schema = serde_json::to_value(schemars::schema_for!(crate::model::IncidentReport))
        .map_err(|e| Error::Serialise {
            what: "JSON Schema",
            message: e.to_string(),
        })?;
    published_schema(
        schema,
        "incidents",
        "imcm kpi --format json",
        INCIDENTS_SCHEMA_VERSION,
    )
}

/// The JSON Schema of `imcm-manifest.json`, the file list of an output set.
///
/// # Errors
/// [`Error::Serialise`] (not expected).
pub fn manifest_schema() -> Result<Vec<u8>> {
    let schema = serde_json::to_value(schemars::schema_for!(crate::provenance::manifest::Manifest))
        .map_err(|e| Error::Serialise {
            what: "JSON Schema",
            message: e.to_string(),
        })?;
    published_schema(schema, "manifest", "imcm-manifest.json", "1")
}
