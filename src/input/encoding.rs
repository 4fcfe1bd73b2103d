//! Text encodings of input files. Answers and incident logs are accepted as
//! UTF-8 (with or without a byte-order mark), UTF-16 LE or BE with a BOM, and
//! Shift_JIS as Windows writes it (CP932, what Excel saves as "CSV" on a
//! Japanese system). Detection: the BOM first, then a strict UTF-8 check, then
//! a strict CP932 check; a file that is none of them is refused with the line
//! and byte offset of the first bad sequence. No byte is ever replaced.

use std::borrow::Cow;

/// An encoding imcm reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8, with or without BOM.
    Utf8,
    /// UTF-16 little-endian.
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// Shift_JIS with the Windows extensions (CP932, Windows-31J).
    Cp932,
}

impl Encoding {
    /// The name users know it by.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Cp932 => "Shift_JIS (CP932)",
        }
    }

    /// Parse a name given on the command line (`utf-8`, `utf-16le`,
    /// `utf-16be`, `cp932`, `shift_jis`, `sjis`, `windows-31j`; any case).
    pub fn from_name(name: &str) -> Option<Self> {
        let n = name.to_ascii_lowercase().replace(['_', '-'], "");
        match n.as_str() {
            "utf8" => Some(Encoding::Utf8),
            "utf16le" => Some(Encoding::Utf16Le),
            "utf16be" => Some(Encoding::Utf16Be),
            "cp932" | "shiftjis" | "sjis" | "windows31j" | "ms932" => Some(Encoding::Cp932),
            _ => None,
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Cp932 => encoding_rs::SHIFT_JIS,
        }
    }

    fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => b"\xEF\xBB\xBF",
            Encoding::Utf16Le => b"\xFF\xFE",
            Encoding::Utf16Be => b"\xFE\xFF",
            Encoding::Cp932 => b"",
        }
    }
}

/// Text decoded from a file.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text as UTF-8 (borrowed when the file was UTF-8 without BOM… or with one).
    pub text: Cow<'a, str>,
    /// What the file was read as.
    pub encoding: Encoding,
}

/// Why a file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBytes {
    /// Line (1-based) of the first bad sequence.
    pub line: u64,
    /// Byte offset of the first bad sequence in the file.
    pub offset: usize,
    /// Up to four bytes from there, as hex (`0x93 0x8C`).
    pub bytes: String,
    /// The encodings tried, in order.
    pub tried: Vec<Encoding>,
}

impl BadBytes {
    /// One sentence for an error message.
    pub fn describe(&self) -> String {
        use crate::i18n::tr;
        let tried: Vec<&str> = self.tried.iter().map(|e| e.name()).collect();
        let first = tried.first().copied().unwrap_or("UTF-8");
        match tried.get(1) {
            Some(other) => tr(
                "bad_bytes_any",
                &[
                    ("encoding", &first),
                    ("other", other),
                    ("bytes", &self.bytes),
                    ("offset", &self.offset),
                ],
            ),
            None => tr(
                "bad_bytes",
                &[
                    ("encoding", &first),
                    ("bytes", &self.bytes),
                    ("offset", &self.offset),
                ],
            ),
        }
    }
}

/// Decode `bytes` strictly as `enc` (no BOM handling); `Err(offset)` of the
/// first malformed sequence.
fn strict(enc: Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = enc.codec().new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            Err(read - usize::from(bad) - usize::from(after))
        }
        // The buffer was sized for the worst case; report the end if it ever fills.
        encoding_rs::DecoderResult::OutputFull => Err(read),
    }
}

/// The line of byte `offset` (counted in the decodable prefix).
fn line_at(enc: Encoding, bytes: &[u8], offset: usize) -> u64 {
    let prefix = &bytes[..offset.min(bytes.len())];
    let newlines = match enc {
        // In UTF-8 and CP932, 0x0A only ever stands for a line feed.
        Encoding::Utf8 | Encoding::Cp932 => prefix.iter().filter(|&&b| b == b'\n').count(),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let (text, _) = enc.codec().decode_without_bom_handling(prefix);
            text.matches('\n').count()
        }
    };
    newlines as u64 + 1
}

fn bad_bytes(
    enc: Encoding,
    bytes: &[u8],
    start: usize,
    offset: usize,
    tried: Vec<Encoding>,
) -> BadBytes {
    let at = start + offset;
    BadBytes {
        line: line_at(enc, bytes, at),
        offset: at,
        bytes: bytes[at..bytes.len().min(at + 4)]
            .iter()
            .map(|b| format!("0x{b:02X}"))
            .collect::<Vec<_>>()
            .join(" "),
        tried,
    }
}

/// Decode as exactly `enc`, skipping its BOM if present.
fn decode_as(bytes: &[u8], enc: Encoding) -> Result<Decoded<'_>, BadBytes> {
    let start = if !enc.bom().is_empty() && bytes.starts_with(enc.bom()) {
        enc.bom().len()
    } else {
        0
    };
    let body = &bytes[start..];
    if enc == Encoding::Utf8 {
        return match std::str::from_utf8(body) {
            Ok(text) => Ok(Decoded {
                text: Cow::Borrowed(text),
                encoding: enc,
            }),
            Err(e) => Err(bad_bytes(enc, bytes, start, e.valid_up_to(), vec![enc])),
        };
    }
    strict(enc, body)
        .map(|text| Decoded {
            text: Cow::Owned(text),
            encoding: enc,
        })
        .map_err(|offset| bad_bytes(enc, bytes, start, offset, vec![enc]))
}

/// Whether CP932-decoded text looks like UTF-8 read in the wrong encoding:
/// at least 30 % of its non-ASCII characters are half-width katakana.
fn looks_like_mojibake(text: &str) -> bool {
    let (mut wide, mut half) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        wide += 1;
        if ('\u{FF61}'..='\u{FF9F}').contains(&c) {
            half += 1;
        }
    }
    wide >= 2 && half * 10 >= wide * 3
}

/// Decode a file's bytes: as `forced` when given, else detected (BOM, then
/// UTF-8, then CP932).
///
/// # Errors
/// [`BadBytes`] naming the first sequence that no tried encoding accepts.
/// When detection fails, the position reported is the one from the encoding
/// that read further, which is the likelier intended one.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<Decoded<'_>, BadBytes> {
    if let Some(enc) = forced {
        return decode_as(bytes, enc);
    }
    for enc in [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be] {
        if bytes.starts_with(enc.bom()) {
            return decode_as(bytes, enc);
        }
    }
    let utf8 = match decode_as(bytes, Encoding::Utf8) {
        Ok(d) => return Ok(d),
        Err(e) => e,
    };
    let cp932 = match decode_as(bytes, Encoding::Cp932) {
        // UTF-8 Japanese read as CP932 decodes without error more often than
        // not, as mojibake full of half-width katakana (の = E3 81 AE →
        // 縺ｮ). A UTF-8 start followed by such text is a UTF-8 file with a
        // broken byte; real CP932 text is kept.
        Ok(d) => {
            let before = std::str::from_utf8(&bytes[..utf8.offset]).unwrap_or("");
            if !before.is_ascii() && looks_like_mojibake(&d.text) {
                return Err(utf8);
            }
            return Ok(d);
        }
        Err(e) => e,
    };
    let mut best = if utf8.offset >= cp932.offset {
        utf8
    } else {
        cp932
    };
    best.tried = vec![Encoding::Utf8, Encoding::Cp932];
    Err(best)
}

/// The help line for a file that could not be decoded.
pub fn help() -> String {
    crate::i18n::tr("bad_bytes_help", &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "org,unit,period,metric,status,comment\n株式会社さくら物流,本社,2026-Q1,1.1.1,yes,確認済み ①\n";

    fn utf16(text: &str, big: bool) -> Vec<u8> {
        let mut out = if big {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in text.encode_utf16() {
            out.extend(if big {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn every_accepted_encoding_gives_the_same_text() {
        let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(TEXT);
        assert!(!unmappable);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        for (bytes, enc) in [
            (TEXT.as_bytes().to_vec(), Encoding::Utf8),
            (bom, Encoding::Utf8),
            (utf16(TEXT, false), Encoding::Utf16Le),
            (utf16(TEXT, true), Encoding::Utf16Be),
            (sjis.into_owned(), Encoding::Cp932),
        ] {
            let d = decode(&bytes, None).unwrap();
            assert_eq!(d.encoding, enc);
            assert_eq!(d.text, TEXT);
            assert_eq!(
                decode(&bytes, Some(enc)).unwrap().text,
                TEXT,
                "{enc:?} forced"
            );
        }
    }

    #[test]
    fn a_broken_byte_is_located_by_line_and_offset() {
        // Valid UTF-8 Japanese on line 2, then a lone continuation byte on line 3.
        let mut bytes = b"org,unit\n\xE6\x9C\xAC\xE7\xA4\xBE,x\nAcme,".to_vec();
        let at = bytes.len();
        bytes.extend_from_slice(b"\x80HQ\n");
        let e = decode(&bytes, None).unwrap_err();
        assert_eq!((e.line, e.offset), (3, at), "{e:?}");
        assert_eq!(e.bytes, "0x80 0x48 0x51 0x0A");
        assert_eq!(
            e.describe(),
            format!(
                "the file is not valid UTF-8: bad byte sequence 0x80 0x48 0x51 0x0A at byte offset {at}"
            )
        );
        // A CP932 file cut in the middle of a two-byte character on line 2.
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("org,unit\n本社,x\n");
        let mut bytes = sjis.into_owned();
        bytes.truncate(bytes.len() - 4);
        bytes.push(b'\n');
        let e = decode(&bytes, None).unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        assert_eq!(e.tried, [Encoding::Utf8, Encoding::Cp932]);
    }

    #[test]
    fn cp932_text_that_starts_like_utf8_is_still_cp932() {
        // 閾値 is E8 87 92 6C in CP932, which is also well-formed UTF-8.
        let text = "org,comment\nAcme,閾値\nAcme,閾値の見直し\nAcme,確認済み\n";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let d = decode(&sjis, None).unwrap();
        assert_eq!(d.encoding, Encoding::Cp932);
        assert_eq!(d.text, text);
    }

    #[test]
    fn forcing_the_wrong_encoding_fails_instead_of_guessing() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(TEXT);
        let e = decode(&sjis, Some(Encoding::Utf8)).unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.tried, [Encoding::Utf8]);
        // A lone high surrogate in UTF-16LE, on the second line.
        let mut bytes = utf16("a\nb", false);
        bytes.extend_from_slice(&[0x00, 0xD8, b'c', 0x00]);
        let e = decode(&bytes, None).unwrap_err();
        assert_eq!((e.line, e.offset), (2, 8), "{e:?}");
        assert_eq!(Encoding::from_name("Shift_JIS"), Some(Encoding::Cp932));
        assert_eq!(Encoding::from_name("UTF-16le"), Some(Encoding::Utf16Le));
        assert_eq!(Encoding::from_name("latin1"), None);
    }
}
