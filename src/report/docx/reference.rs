//! A reference document (`reference.docx` in the `--templates` folder)
//! restyles the report, as a Word user expects of a template: its styles
//! part is used as it is, with only the styles the report needs and it
//! lacks added from ours; its theme and font table come along when it has
//! them. Nothing else of it is copied (no text, no fields, no macros).

use std::io::Read;

/// The parts taken from a reference document.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Its `word/styles.xml`.
    styles: String,
    /// Its `word/theme/theme1.xml`.
    pub(super) theme: Option<Vec<u8>>,
    /// Its `word/fontTable.xml`.
    pub(super) font_table: Option<Vec<u8>>,
}

/// Largest part read from a reference document (its styles, theme or font
/// table are far smaller).
const MAX_PART_BYTES: u64 = 16 << 20;

fn part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, String> {
    let Ok(file) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: {e}"))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(format!("{name} is larger than {MAX_PART_BYTES} bytes"));
    }
    Ok(Some(bytes))
}

impl Reference {
    /// Read a reference document.
    ///
    /// # Errors
    /// What is wrong with it, in English, when it is not a zip package
    /// with a `word/styles.xml` styles part.
    pub fn from_docx(bytes: &[u8]) -> Result<Self, String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("not a .docx (zip) file: {e}"))?;
        let styles = part(&mut zip, "word/styles.xml")?
            .ok_or_else(|| "it has no word/styles.xml part".to_string())?;
        let styles = String::from_utf8(styles)
            .map_err(|_| "its word/styles.xml is not UTF-8 text".to_string())?;
        if !styles.contains("</w:styles>") {
            return Err("its word/styles.xml is not a Word styles part".into());
        }
        Ok(Reference {
            styles,
            theme: part(&mut zip, "word/theme/theme1.xml")?,
            font_table: part(&mut zip, "word/fontTable.xml")?,
        })
    }

    /// Its styles, with each of `ours` (style id, element) whose id it
    /// does not define added at the end.
    pub(super) fn merged_styles(&self, ours: &[(String, String)]) -> String {
        let missing: String = ours
            .iter()
            .filter(|(id, _)| !self.styles.contains(&format!("w:styleId=\"{id}\"")))
            .map(|(_, xml)| xml.as_str())
            .collect();
        let at = self
            .styles
            .rfind("</w:styles>")
            .unwrap_or(self.styles.len());
        format!("{}{missing}{}", &self.styles[..at], &self.styles[at..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_keeps_its_styles_and_gains_the_missing_ones() {
        let r = Reference {
            styles: r#"<w:styles><w:style w:styleId="Heading1"><w:color w:val="FF0000"/></w:style></w:styles>"#.into(),
            theme: None,
            font_table: None,
        };
        let merged = r.merged_styles(&[
            ("Heading1".into(), "<ours1/>".into()),
            ("Caption".into(), "<ours2/>".into()),
        ]);
        assert_eq!(
            merged,
            r#"<w:styles><w:style w:styleId="Heading1"><w:color w:val="FF0000"/></w:style><ours2/></w:styles>"#
        );
        assert!(Reference::from_docx(b"not a zip").is_err());
    }
}
