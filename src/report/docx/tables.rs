//! Tables: a header row (repeated on every page once the package is
//! written, see [`super::package`]), fixed column widths as shares of the
//! text width, cells of plain text in the table-text style.

use super::document::{TEXT_WIDTH_TWIPS, text_run};
use super::styles::id;
use docx_rs::{Paragraph, Table, TableCell, TableLayoutType, TableRow, WidthType};

/// A cell: its paragraphs.
pub type Cell = Vec<Paragraph>;

/// A cell of plain text (user text included): one paragraph.
pub fn cell(text: &str) -> Cell {
    vec![
        Paragraph::new()
            .style(id::TABLE_TEXT)
            .add_run(text_run(text)),
    ]
}

/// A cell of several lines, each a paragraph in `style`, blank ones left out.
pub fn lines(parts: &[(&str, String)]) -> Cell {
    parts
        .iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(style, text)| Paragraph::new().style(style).add_run(text_run(text)))
        .collect()
}

/// A table with `headers` (each with its share of the width, in percent)
/// and `rows` of cells.
pub fn table(headers: &[(&str, usize)], rows: Vec<Vec<Cell>>) -> Table {
    let total: usize = headers.iter().map(|(_, w)| w).sum::<usize>().max(1);
    let widths: Vec<usize> = headers
        .iter()
        .map(|(_, w)| TEXT_WIDTH_TWIPS * w / total)
        .collect();
    let row = |cells: Vec<Cell>| {
        TableRow::new(
            cells
                .into_iter()
                .zip(&widths)
                .map(|(paragraphs, w)| {
                    let mut c = TableCell::new().width(*w, WidthType::Dxa);
                    if paragraphs.is_empty() {
                        c = c.add_paragraph(Paragraph::new().style(id::TABLE_TEXT));
                    }
                    paragraphs.into_iter().fold(c, TableCell::add_paragraph)
                })
                .collect(),
        )
    };
    let header = row(headers
        .iter()
        .map(|(h, _)| {
            vec![
                Paragraph::new()
                    .style(id::TABLE_TEXT)
                    .add_run(text_run(h).bold()),
            ]
        })
        .collect());
    // No borders of its own: the table style (or a reference document's)
    // draws them.
    let mut t = Table::without_borders(vec![header])
        .style(id::TABLE)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH_TWIPS, WidthType::Dxa)
        .set_grid(widths.clone());
    for cells in rows {
        t = t.add_row(row(cells));
    }
    t
}
