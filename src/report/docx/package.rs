//! The `.docx` package: docx-rs's parts with ours put in (styles, core
//! properties without dates, the reference document's theme and font
//! table), header rows marked to repeat and styled as such, paragraph ids
//! renumbered from 1,
//! and a zip whose entries have a fixed order, a fixed time
//! (1980-01-01 00:00, the earliest a zip can hold) and fixed permissions.
//! Same parts, same bytes.
//!
//! The edits of `word/document.xml` look for element tags only. docx-rs
//! escapes every `<`, `>` and `"` of text, so text can never look like one.

use crate::error::{Error, Result};
use docx_rs::XMLDocx;
use std::io::Write;

/// Parts that replace or join docx-rs's.
pub struct Parts {
    /// `word/styles.xml`.
    pub styles: String,
    /// `docProps/core.xml`.
    pub core: String,
    /// `word/theme/theme1.xml`, from a reference document.
    pub theme: Option<Vec<u8>>,
    /// `word/fontTable.xml`, from a reference document.
    pub font_table: Option<Vec<u8>>,
    /// The table of contents (paragraphs), put where the body marks it.
    pub contents: String,
}

/// Replace the paragraph holding the bookmark `mark` with `xml`.
pub fn replace_marked_paragraph(document: &str, mark: &str, xml: &str) -> String {
    let needle = format!("w:name=\"{mark}\"");
    let Some(at) = document.find(&needle) else {
        return document.to_string();
    };
    let start = document[..at]
        .rfind("<w:p ")
        .or_else(|| document[..at].rfind("<w:p>"));
    let end = document[at..]
        .find("</w:p>")
        .map(|e| at + e + "</w:p>".len());
    match (start, end) {
        (Some(s), Some(e)) => format!("{}{xml}{}", &document[..s], &document[e..]),
        _ => document.to_string(),
    }
}

/// Escape text for an XML element or attribute value we write ourselves.
pub fn xml_text(s: &str) -> String {
    let s = crate::sanitize::clean(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// `docProps/core.xml`: title, language and generator; no dates, so that
/// the same inputs give the same file.
pub fn core_xml(title: &str, lang: &str, generator: &str) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{}</dc:title><dc:language>{}</dc:language><dc:creator>{}</dc:creator>",
            "</cp:coreProperties>"
        ),
        xml_text(title),
        xml_text(lang),
        xml_text(generator)
    )
}

/// Mark the first row of every table as a header row that Word repeats at
/// the top of each page the table runs onto.
pub fn repeat_header_rows(document: &str) -> String {
    let mut out = String::with_capacity(document.len() + 1024);
    let mut rest = document;
    while let Some(at) = rest.find("<w:tbl>") {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let Some(tr) = tail.find("<w:tr>").or_else(|| tail.find("<w:tr ")) else {
            out.push_str(tail);
            return out;
        };
        let close = tr + tail[tr..].find('>').unwrap_or(0) + 1;
        out.push_str(&tail[..close]);
        let after = &tail[close..];
        if let Some(r) = after.strip_prefix("<w:trPr>") {
            out.push_str("<w:trPr><w:tblHeader />");
            rest = r;
        } else if let Some(r) = after.strip_prefix("<w:trPr />") {
            out.push_str("<w:trPr><w:tblHeader /></w:trPr>");
            rest = r;
        } else {
            out.push_str("<w:trPr><w:tblHeader /></w:trPr>");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Tell Word to apply the table style's first-row formatting (`w:tblLook`,
/// which docx-rs does not write) to every table.
pub fn look_at_first_row(document: &str) -> String {
    document.replace(
        "</w:tblPr>",
        r#"<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1" /></w:tblPr>"#,
    )
}

/// Number the `w14:paraId`s 1, 2, 3 … in document order (docx-rs draws
/// them from a counter that other documents of the run also use).
pub fn renumber_paragraph_ids(document: &str) -> String {
    const ATTR: &str = "w14:paraId=\"";
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    let mut n: u32 = 0;
    while let Some(at) = rest.find(ATTR) {
        let start = at + ATTR.len();
        let Some(len) = rest[start..].find('"') else {
            break;
        };
        n += 1;
        out.push_str(&rest[..start]);
        out.push_str(&format!("{n:08X}"));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

fn insert_before(xml: &[u8], closing: &str, insert: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(xml);
    match text.rfind(closing) {
        Some(at) => format!("{}{insert}{}", &text[..at], &text[at..]).into_bytes(),
        None => xml.to_vec(),
    }
}

/// Write the package.
///
/// # Errors
/// [`Error::Serialise`] if the zip cannot be written (not expected in memory).
pub fn package(x: XMLDocx, parts: Parts) -> Result<Vec<u8>> {
    let fail = |e: &dyn std::fmt::Display| Error::Serialise {
        what: "report.docx",
        message: e.to_string(),
    };
    let document = replace_marked_paragraph(
        &String::from_utf8_lossy(&x.document),
        super::document::CONTENTS_MARK,
        &parts.contents,
    );
    let document = renumber_paragraph_ids(&look_at_first_row(&repeat_header_rows(&document)));
    let (content_types, document_rels) = if parts.theme.is_some() {
        (
            insert_before(
                &x.content_type,
                "</Types>",
                r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml" />"#,
            ),
            insert_before(
                &x.document_rels,
                "</Relationships>",
                r#"<Relationship Id="rIdTheme1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml" />"#,
            ),
        )
    } else {
        (x.content_type.clone(), x.document_rels.clone())
    };
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), content_types),
        ("_rels/.rels".into(), x.rels),
        ("docProps/app.xml".into(), x.doc_props.app),
        ("docProps/core.xml".into(), parts.core.into_bytes()),
        ("docProps/custom.xml".into(), x.doc_props.custom),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/_rels/document.xml.rels".into(), document_rels),
        ("word/styles.xml".into(), parts.styles.into_bytes()),
        ("word/settings.xml".into(), x.settings),
        (
            "word/fontTable.xml".into(),
            parts.font_table.unwrap_or(x.font_table),
        ),
        ("word/numbering.xml".into(), x.numberings),
        ("word/comments.xml".into(), x.comments),
        ("word/commentsExtended.xml".into(), x.comments_extended),
        ("word/footnotes.xml".into(), x.footnotes),
    ];
    if let Some(theme) = parts.theme {
        entries.push(("word/theme/theme1.xml".into(), theme));
    }
    for (i, h) in x.headers.into_iter().enumerate() {
        entries.push((format!("word/header{}.xml", i + 1), h));
        if let Some(rels) = x.header_rels.get(i) {
            entries.push((format!("word/_rels/header{}.xml.rels", i + 1), rels.clone()));
        }
    }
    for (i, f) in x.footers.into_iter().enumerate() {
        entries.push((format!("word/footer{}.xml", i + 1), f));
        if let Some(rels) = x.footer_rels.get(i) {
            entries.push((format!("word/_rels/footer{}.xml.rels", i + 1), rels.clone()));
        }
    }
    let mut media = x.media;
    media.sort_by(|a, b| a.0.cmp(&b.0));
    let fixed = zip::write::SimpleFileOptions::default()
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let deflated = fixed.compression_method(zip::CompressionMethod::Deflated);
    let stored = fixed.compression_method(zip::CompressionMethod::Stored);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in &entries {
        zip.start_file(name.as_str(), deflated)
            .map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
    }
    for (name, bytes) in &media {
        zip.start_file(format!("word/media/{name}.png"), stored)
            .map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_rows_repeat_and_ids_are_renumbered() {
        let doc = r#"<w:tbl><w:tblPr /><w:tr><w:tc>a</w:tc></w:tr><w:tr><w:tc>b</w:tc></w:tr></w:tbl><w:p w14:paraId="0000FFAA" /><w:tbl><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl>"#;
        let out = renumber_paragraph_ids(&repeat_header_rows(doc));
        assert_eq!(
            out,
            r#"<w:tbl><w:tblPr /><w:tr><w:trPr><w:tblHeader /></w:trPr><w:tc>a</w:tc></w:tr><w:tr><w:tc>b</w:tc></w:tr></w:tbl><w:p w14:paraId="00000001" /><w:tbl><w:tr><w:trPr><w:tblHeader /><w:cantSplit /></w:trPr></w:tr></w:tbl>"#
        );
    }

    #[test]
    fn core_properties_have_no_dates_and_escape_text() {
        let core = core_xml("A & <B>", "ja", "imcm 0.1.0");
        assert!(core.contains("<dc:title>A &amp; &lt;B&gt;</dc:title>"));
        assert!(!core.contains("dcterms:created") && !core.contains("dcterms:modified"));
    }
}
