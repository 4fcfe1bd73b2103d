//! The body being written: paragraphs and tables in order, the headings for
//! the table of contents, and the text rules. User
//! text only ever becomes the text of a run: docx-rs escapes it, control
//! and bidi characters become U+FFFD (as in every other document imcm
//! writes), line breaks become Word line breaks, and nothing is ever made a
//! field or a hyperlink.

use super::images::Png;
use super::styles::id;
use crate::sanitize;
use docx_rs::{AlignmentType, BreakType, Paragraph, Pic, Run, Table};

/// The bookmark of the paragraph the table of contents replaces.
pub const CONTENTS_MARK: &str = "_imcmContents";

/// Text width of an A4 page with 2 cm margins, in twentieths of a point.
pub const TEXT_WIDTH_TWIPS: usize = 9638;
/// The same in EMU (for pictures).
const TEXT_WIDTH_EMU: u32 = 6_120_000;
/// Tallest picture, in EMU (12 cm).
const MAX_PICTURE_EMU: u32 = 4_320_000;
/// EMU per SVG pixel (96 dpi).
const EMU_PER_PX: f32 = 9525.0;

/// One block of the body.
pub enum Block {
    /// A paragraph.
    Paragraph(Box<Paragraph>),
    /// A table.
    Table(Box<Table>),
}

/// A heading listed in the table of contents.
pub struct Heading {
    /// 1 or 2.
    pub level: usize,
    /// Its text (clean).
    pub text: String,
}

/// The document being written.
#[derive(Default)]
pub struct Writer {
    /// Body blocks in order.
    pub blocks: Vec<Block>,
    /// Headings of levels 1 and 2.
    pub headings: Vec<Heading>,
    /// Pictures added so far (for their ids).
    pictures: usize,
}

/// `text` as it may appear in a run: control and bidi characters replaced,
/// carriage returns dropped, tabs as spaces.
pub fn clean(text: &str) -> String {
    sanitize::clean(text)
        .replace("\r\n", "\n")
        .replace(['\r'], "\n")
        .replace('\t', " ")
}

/// `text` as runs of plain text, a line break at each newline.
pub fn text_run(text: &str) -> Run {
    let clean = clean(text);
    let mut run = Run::new();
    for (i, line) in clean.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// A paragraph of `style` holding `text`.
pub fn paragraph(style: &str, text: &str) -> Paragraph {
    Paragraph::new().style(style).add_run(text_run(text))
}

/// A paragraph of `style`: `label` in bold, then `value`.
pub fn labelled(style: &str, label: &str, value: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(text_run(&format!("{label}: ")).bold())
        .add_run(text_run(value))
}

impl Writer {
    /// Add a paragraph.
    pub fn push(&mut self, p: Paragraph) {
        self.blocks.push(Block::Paragraph(Box::new(p)));
    }

    /// Add a paragraph of `style` with `text`, unless `text` is empty.
    pub fn text(&mut self, style: &str, text: &str) {
        if !text.trim().is_empty() {
            self.push(paragraph(style, text));
        }
    }

    /// Add a body paragraph.
    pub fn body(&mut self, text: &str) {
        self.text(id::NORMAL, text);
    }

    /// Add a table.
    pub fn table(&mut self, t: Table) {
        self.blocks.push(Block::Table(Box::new(t)));
    }

    /// Add a heading of `level` (1–3); levels 1 and 2 are listed in the
    /// table of contents. A level-1 heading starts a new page when
    /// `new_page`.
    pub fn heading(&mut self, level: usize, text: &str, new_page: bool) {
        let text = clean(text);
        let mut p = Paragraph::new().style(id::HEADING[level.clamp(1, 3) - 1]);
        if new_page {
            p = p.page_break_before(true);
        }
        p = p.add_run(Run::new().add_text(&text));
        if level <= 2 {
            self.headings.push(Heading { level, text });
        }
        self.push(p);
    }

    /// Mark where the table of contents goes: an empty paragraph holding
    /// the bookmark [`CONTENTS_MARK`], which the package replaces with the
    /// table of contents (see [`Writer::table_of_contents`]).
    pub fn contents(&mut self) {
        self.push(
            Paragraph::new()
                .style(id::NORMAL)
                .add_bookmark_start(0, CONTENTS_MARK)
                .add_bookmark_end(0),
        );
    }

    /// Add a chart picture, as wide as the text at most, and its caption.
    pub fn picture(&mut self, png: &Png, caption: &str) {
        self.pictures += 1;
        let mut w = png.svg_width * EMU_PER_PX;
        let mut h = png.svg_height * EMU_PER_PX;
        let fit = (TEXT_WIDTH_EMU as f32 / w)
            .min(MAX_PICTURE_EMU as f32 / h)
            .min(1.0);
        w *= fit;
        h *= fit;
        let pic = Pic::new_with_dimensions(png.bytes.clone(), png.width_px, png.height_px)
            .id(format!("rIdChart{}", self.pictures))
            .size(w.round() as u32, h.round() as u32);
        let run = Run::new().add_image(pic);
        self.push(
            Paragraph::new()
                .style(id::NORMAL)
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(run),
        );
        self.text(id::CAPTION, caption);
    }

    /// The table of contents of the headings written, as the paragraphs
    /// of our own TOC field over heading levels 1–2. The entries are filled
    /// in without page numbers (only a client that lays out the pages knows
    /// them); the field is marked dirty, so Word offers to update it, page
    /// numbers and links included, when it opens the file.
    pub fn table_of_contents(&self) -> String {
        let mut out = String::new();
        let last = self.headings.len().saturating_sub(1);
        for (i, h) in self.headings.iter().enumerate() {
            out.push_str(&format!(
                r#"<w:p><w:pPr><w:pStyle w:val="ToC{}" /></w:pPr>"#,
                h.level
            ));
            if i == 0 {
                out.push_str(concat!(
                    r#"<w:r><w:fldChar w:fldCharType="begin" w:dirty="true" /></w:r>"#,
                    r#"<w:r><w:instrText xml:space="preserve"> TOC \o &quot;1-2&quot; \h \z \u </w:instrText></w:r>"#,
                    r#"<w:r><w:fldChar w:fldCharType="separate" /></w:r>"#
                ));
            }
            out.push_str(&format!(
                r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
                super::package::xml_text(&h.text)
            ));
            if i == last {
                out.push_str(r#"<w:r><w:fldChar w:fldCharType="end" /></w:r>"#);
            }
            out.push_str("</w:p>");
        }
        out
    }
}
