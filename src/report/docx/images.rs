//! Charts as pictures: our SVG charts rasterised to PNG with resvg at print
//! resolution, with the machine's fonts. The charts name a list of
//! Japanese-capable families first (see [`crate::report::charts::FONT`]);
//! the generic `sans-serif` at its end is pointed at the first Japanese
//! family installed, so Japanese labels draw even where none of the named
//! ones exists. The same SVG and fonts give the same PNG bytes.

use crate::error::{Error, Result};
use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};
use std::sync::{Arc, OnceLock};

/// Pixels per SVG pixel: the charts are drawn for 96 dpi screens, so 2.5
/// gives 240 dpi when a chart is printed at its own size.
const SCALE: f32 = 2.5;

/// Japanese-capable families tried for `sans-serif`, in order: those the
/// chart font list names, then other common Japanese fonts on Linux.
const JAPANESE_FAMILIES: &[&str] = &[
    "Noto Sans CJK JP",
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Yu Gothic",
    "Meiryo",
    "Noto Sans JP",
    "Source Han Sans JP",
    "IPAexGothic",
    "IPAGothic",
    "TakaoGothic",
    "VL Gothic",
];

/// A rasterised chart.
#[derive(Debug, Clone)]
pub struct Png {
    /// PNG file bytes.
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// Width of the SVG in its own (96 dpi) pixels.
    pub svg_width: f32,
    /// Height of the SVG in its own pixels.
    pub svg_height: f32,
}

/// The machine's fonts, loaded once per process.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            let installed = |family: &str| {
                db.faces()
                    .any(|f| f.families.iter().any(|(name, _)| name == family))
            };
            if let Some(family) = JAPANESE_FAMILIES.iter().find(|f| installed(f)) {
                db.set_sans_serif_family(*family);
                db.set_serif_family(*family);
            }
            Arc::new(db)
        })
        .clone()
}

/// The family `sans-serif` resolves to (for the docs and tests).
pub fn sans_serif_family() -> Option<String> {
    let db = fonts();
    let id = db.query(&fontdb::Query {
        families: &[fontdb::Family::SansSerif],
        ..fontdb::Query::default()
    })?;
    db.face(id)
        .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
}

/// Pixels per metre at 96 dpi × [`SCALE`] (for the PNG's pHYs chunk).
const PIXELS_PER_METRE: u32 = (96.0 * SCALE as f64 / 0.0254) as u32;

/// The opaque pixmap as an RGB PNG with its resolution recorded.
fn encode(pixmap: &tiny_skia::Pixmap) -> std::result::Result<Vec<u8>, png::EncodingError> {
    // Opaque pixels: premultiplied RGBA is plain RGBA, and alpha is dropped.
    let data = pixmap.data();
    let mut rgb = vec![0u8; data.len() / 4 * 3];
    for (to, from) in rgb.chunks_exact_mut(3).zip(data.chunks_exact(4)) {
        to.copy_from_slice(&from[..3]);
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: PIXELS_PER_METRE,
        yppu: PIXELS_PER_METRE,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}

/// Rasterise `svg` (the chart `name`) on a white background.
///
/// # Errors
/// [`Error::Chart`] when the SVG does not parse or is empty.
pub fn rasterise(svg: &str, name: &str) -> Result<Png> {
    let fail = |message: String| Error::Chart {
        name: name.to_string(),
        message,
    };
    let options = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| fail(e.to_string()))?;
    let size = tree.size();
    let width_px = (size.width() * SCALE).ceil() as u32;
    let height_px = (size.height() * SCALE).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width_px, height_px)
        .ok_or_else(|| fail(format!("empty chart ({width_px}×{height_px})")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    let bytes = encode(&pixmap).map_err(|e| fail(e.to_string()))?;
    Ok(Png {
        bytes,
        width_px,
        height_px,
        svg_width: size.width(),
        svg_height: size.height(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_rasterises_to_the_same_png_twice_at_print_scale() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect x="10" y="10" width="50" height="50" fill="#1F5EA8"/><text x="70" y="50" font-family="Noto Sans CJK JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif" font-size="15">対応 score</text></svg>"##;
        let a = rasterise(svg, "t.svg").unwrap();
        let b = rasterise(svg, "t.svg").unwrap();
        assert_eq!(a.bytes, b.bytes);
        assert_eq!((a.width_px, a.height_px), (500, 250));
        assert!(a.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(rasterise("<svg", "bad.svg").is_err());
    }

    #[test]
    fn sans_serif_is_a_japanese_font_wherever_one_is_installed() {
        let db = fonts();
        let installed = JAPANESE_FAMILIES.iter().find(|f| {
            db.faces()
                .any(|face| face.families.iter().any(|(n, _)| n == *f))
        });
        assert!(
            installed.is_some() || std::env::var_os("CI").is_none(),
            "CI must install fonts-noto-cjk"
        );
        if let Some(family) = installed {
            assert_eq!(sans_serif_family().as_deref(), Some(*family));
        }
    }
}
