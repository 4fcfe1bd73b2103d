//! The editable Word report (`report.docx`): the same sections as the HTML
//! report, written from the same typed context, with real heading styles
//! (navigation pane, table of contents), tables as tables and charts as
//! pictures. A reference document restyles it ([`Reference`]). The bytes
//! depend on the context, the charts and the machine's fonts only.

mod document;
mod images;
mod package;
mod reference;
mod roadmap;
mod sections;
mod styles;
mod tables;

pub use images::sans_serif_family;
pub use reference::Reference;

use crate::error::Result;
use crate::report::context::{Chart, ReportContext};
use document::{Block, Writer};
use docx_rs::{Docx, Footer, PageMargin, PageNum, Paragraph};

/// Charts of the report that become pictures.
fn wanted(ctx: &ReportContext, file: &str) -> bool {
    file == "radar.svg"
        || file == "scores.svg"
        || ctx.categories.iter().any(|c| c.chart_file == file)
        || (ctx.incidents.is_some() && file.starts_with("incidents-"))
}

/// The body of the report, section by section.
fn write_body(ctx: &ReportContext, pictures: &sections::Pictures) -> Writer {
    let mut w = Writer::default();
    sections::title_block(&mut w, ctx);
    sections::executive(&mut w, ctx, pictures);
    for c in &ctx.categories {
        sections::category(&mut w, ctx, c, pictures);
    }
    sections::disagreements(&mut w, ctx);
    sections::incidents(&mut w, ctx, pictures);
    sections::recommendations(&mut w, ctx);
    roadmap::roadmap(&mut w, ctx);
    sections::methodology(&mut w, ctx);
    sections::evidence_request(&mut w, ctx);
    sections::provenance(&mut w, ctx);
    w
}

/// The page: A4 with 2 cm margins, and a footer with the report's title
/// and the page number (our own PAGE field).
fn page(docx: Docx, ctx: &ReportContext) -> Docx {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .style(styles::id::NOTE)
            .add_run(document::text_run(&format!("{} · ", ctx.title)))
            .add_page_num(PageNum::new()),
    );
    docx.page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1134)
                .right(1134)
                .header(567)
                .footer(567),
        )
        .footer(footer)
}

/// Render the Word report of `ctx`, with the `charts` the HTML report
/// writes beside itself (SVG) as pictures, restyled by `reference` when
/// given.
///
/// # Errors
/// [`crate::Error::Chart`] when a chart cannot be rasterised,
/// [`crate::Error::Serialise`] when the package cannot be written.
pub fn render_docx(
    ctx: &ReportContext,
    charts: &[Chart],
    reference: Option<&Reference>,
) -> Result<Vec<u8>> {
    let mut pictures = sections::Pictures::new();
    for chart in charts.iter().filter(|c| wanted(ctx, &c.file)) {
        pictures.insert(
            chart.file.clone(),
            images::rasterise(&chart.svg, &chart.file)?,
        );
    }
    let w = write_body(ctx, &pictures);
    let toc = w.table_of_contents();
    let mut docx = page(Docx::new(), ctx);
    for block in w.blocks {
        docx = match block {
            Block::Paragraph(p) => docx.add_paragraph(*p),
            Block::Table(t) => docx.add_table(*t),
        };
    }
    let ours = styles::style_blocks();
    let styles = match reference {
        Some(r) => r.merged_styles(&ours),
        None => styles::styles_xml(ctx.lang),
    };
    let parts = package::Parts {
        styles,
        core: package::core_xml(&ctx.title, ctx.lang, &ctx.generator),
        theme: reference.and_then(|r| r.theme.clone()),
        font_table: reference.and_then(|r| r.font_table.clone()),
        contents: toc,
    };
    package::package(docx.build(), parts)
}
