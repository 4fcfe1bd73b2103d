//! The styles part (`word/styles.xml`) of the Word report: document
//! defaults with the report's language and an East-Asian font, Normal,
//! Title, real headings with outline levels (so Word's navigation pane and
//! table of contents find them), the table-of-contents levels, captions,
//! table text and one table style. Written here rather than through
//! docx-rs because docx-rs cannot set `w:lang`.

/// Style ids the document refers to.
pub mod id {
    /// Body text.
    pub const NORMAL: &str = "Normal";
    /// The report's title line.
    pub const TITLE: &str = "Title";
    /// The line under the title (org and unit).
    pub const SUBTITLE: &str = "Subtitle";
    /// Heading levels 1 to 3.
    pub const HEADING: [&str; 3] = ["Heading1", "Heading2", "Heading3"];
    /// Caption under a chart.
    pub const CAPTION: &str = "Caption";
    /// Heading of the table of contents (not itself listed in it).
    pub const TOC_HEADING: &str = "TOCHeading";
    /// Text inside tables.
    pub const TABLE_TEXT: &str = "TableText";
    /// The table style of every table.
    pub const TABLE: &str = "ReportTable";
    /// Small grey notes (sources, file:line).
    pub const NOTE: &str = "Note";
}

/// The fonts and language tags of one report language.
#[derive(Debug, Clone, Copy)]
pub struct Fonts {
    /// Latin font.
    pub latin: &'static str,
    /// East-Asian font (Japanese text in either language).
    pub east_asia: &'static str,
    /// `w:lang` of Latin text.
    pub lang: &'static str,
}

/// Fonts for `lang` (`en` or `ja`): Yu Gothic for Japanese text (shipped
/// with Windows and Office for Mac; elsewhere the client substitutes a
/// Japanese font such as Noto Sans CJK JP), Calibri for English text.
pub fn fonts(lang: &str) -> Fonts {
    if lang == "ja" {
        Fonts {
            latin: "Yu Gothic",
            east_asia: "Yu Gothic",
            lang: "ja-JP",
        }
    } else {
        Fonts {
            latin: "Calibri",
            east_asia: "Yu Gothic",
            lang: "en-GB",
        }
    }
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// `<w:docDefaults>` for `f`.
fn doc_defaults(f: Fonts) -> String {
    format!(
        concat!(
            r#"<w:docDefaults><w:rPrDefault><w:rPr>"#,
            r#"<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{ea}" w:cs="{latin}"/>"#,
            r#"<w:sz w:val="20"/><w:szCs w:val="20"/>"#,
            r#"<w:lang w:val="{lang}" w:eastAsia="ja-JP" w:bidi="ar-SA"/>"#,
            r#"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"#,
            r#"<w:spacing w:after="120" w:line="264" w:lineRule="auto"/>"#,
            r#"</w:pPr></w:pPrDefault></w:docDefaults>"#
        ),
        latin = f.latin,
        ea = f.east_asia,
        lang = f.lang,
    )
}

fn paragraph_style(id: &str, name: &str, extra: &str, ppr: &str, rpr: &str) -> String {
    format!(
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>{extra}<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
    )
}

fn heading(level: usize, size: u32, before: u32, color: &str) -> (String, String) {
    let id = id::HEADING[level - 1];
    let xml = paragraph_style(
        id,
        &format!("heading {level}"),
        r#"<w:uiPriority w:val="9"/><w:qFormat/>"#,
        &format!(
            r#"<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="120"/><w:outlineLvl w:val="{}"/>"#,
            level - 1
        ),
        &format!(
            r#"<w:b/><w:bCs/><w:color w:val="{color}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>"#
        ),
    );
    (id.to_string(), xml)
}

/// Each style as (style id, `<w:style>` element), in the order written.
pub fn style_blocks() -> Vec<(String, String)> {
    let mut out = vec![
        (
            id::NORMAL.to_string(),
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>"#.to_string(),
        ),
        (
            "DefaultParagraphFont".to_string(),
            r#"<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>"#.to_string(),
        ),
        (
            "TableNormal".to_string(),
            r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#.to_string(),
        ),
        (
            id::TITLE.to_string(),
            paragraph_style(
                id::TITLE,
                "Title",
                r#"<w:uiPriority w:val="10"/><w:qFormat/>"#,
                r#"<w:spacing w:before="0" w:after="120"/>"#,
                r#"<w:color w:val="1F3A5F"/><w:sz w:val="44"/><w:szCs w:val="44"/>"#,
            ),
        ),
        (
            id::SUBTITLE.to_string(),
            paragraph_style(
                id::SUBTITLE,
                "Subtitle",
                r#"<w:uiPriority w:val="11"/><w:qFormat/>"#,
                r#"<w:spacing w:after="240"/>"#,
                r#"<w:color w:val="4A5563"/><w:sz w:val="28"/><w:szCs w:val="28"/>"#,
            ),
        ),
    ];
    out.push(heading(1, 32, 360, "1F3A5F"));
    out.push(heading(2, 26, 240, "1F3A5F"));
    out.push(heading(3, 22, 200, "2B4C7E"));
    out.push((
        id::CAPTION.to_string(),
        paragraph_style(
            id::CAPTION,
            "caption",
            r#"<w:uiPriority w:val="35"/><w:qFormat/>"#,
            r#"<w:spacing w:after="200"/>"#,
            r#"<w:i/><w:iCs/><w:color w:val="4A5563"/><w:sz w:val="18"/><w:szCs w:val="18"/>"#,
        ),
    ));
    out.push((
        id::TOC_HEADING.to_string(),
        paragraph_style(
            id::TOC_HEADING,
            "TOC Heading",
            r#"<w:uiPriority w:val="39"/><w:qFormat/>"#,
            r#"<w:keepNext/><w:spacing w:before="240" w:after="120"/>"#,
            r#"<w:b/><w:color w:val="1F3A5F"/><w:sz w:val="28"/><w:szCs w:val="28"/>"#,
        ),
    ));
    for level in 1..=3 {
        out.push((
            format!("ToC{level}"),
            paragraph_style(
                &format!("ToC{level}"),
                &format!("toc {level}"),
                r#"<w:uiPriority w:val="39"/>"#,
                &format!(
                    r#"<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9628"/></w:tabs><w:spacing w:after="60"/><w:ind w:left="{}"/>"#,
                    (level - 1) * 220
                ),
                "",
            ),
        ));
    }
    out.push((
        id::TABLE_TEXT.to_string(),
        paragraph_style(
            id::TABLE_TEXT,
            "Table Text",
            r#"<w:qFormat/>"#,
            r#"<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>"#,
            r#"<w:sz w:val="17"/><w:szCs w:val="17"/>"#,
        ),
    ));
    out.push((
        id::NOTE.to_string(),
        paragraph_style(
            id::NOTE,
            "Note",
            "",
            r#"<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>"#,
            r#"<w:color w:val="5F6B7A"/><w:sz w:val="15"/><w:szCs w:val="15"/>"#,
        ),
    ));
    out.push((
        id::TABLE.to_string(),
        format!(
            concat!(
                r#"<w:style w:type="table" w:styleId="{id}"><w:name w:val="Report Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>"#,
                r#"<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>"#,
                r#"<w:tblPr><w:tblBorders>"#,
                r#"<w:top w:val="single" w:sz="4" w:space="0" w:color="AAB3BF"/>"#,
                r#"<w:left w:val="single" w:sz="4" w:space="0" w:color="AAB3BF"/>"#,
                r#"<w:bottom w:val="single" w:sz="4" w:space="0" w:color="AAB3BF"/>"#,
                r#"<w:right w:val="single" w:sz="4" w:space="0" w:color="AAB3BF"/>"#,
                r#"<w:insideH w:val="single" w:sz="4" w:space="0" w:color="AAB3BF"/>"#,
                r#"<w:insideV w:val="single" w:sz="4" w:space="0" w:color="AAB3BF"/>"#,
                r#"</w:tblBorders><w:tblCellMar><w:top w:w="30" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="30" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>"#,
                r#"<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E4EAF2"/></w:tcPr></w:tblStylePr>"#,
                r#"</w:style>"#
            ),
            id = id::TABLE
        ),
    ));
    out
}

/// The whole styles part for a report in `lang`.
pub fn styles_xml(lang: &str) -> String {
    let mut out = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:styles {NS}>"#,
        "\n"
    );
    out.push_str(&doc_defaults(fonts(lang)));
    for (_, xml) in style_blocks() {
        out.push_str(&xml);
    }
    out.push_str("</w:styles>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_carry_outline_levels_and_ids_are_unique() {
        let xml = styles_xml("ja");
        for (level, id) in id::HEADING.iter().enumerate() {
            let start = xml.find(&format!(r#"w:styleId="{id}""#)).unwrap();
            let end = start + xml[start..].find("</w:style>").unwrap();
            assert!(
                xml[start..end].contains(&format!(r#"<w:outlineLvl w:val="{level}"/>"#)),
                "{id}"
            );
        }
        assert!(xml.contains(r#"<w:lang w:val="ja-JP" w:eastAsia="ja-JP""#));
        assert!(styles_xml("en").contains(r#"w:val="en-GB""#));
        let ids: Vec<String> = style_blocks().into_iter().map(|(id, _)| id).collect();
        let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
    }
}
