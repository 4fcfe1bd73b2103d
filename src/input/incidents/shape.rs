//! The shape of a CSV incident log, checked before polars reads it: no row
//! with more fields than the header, no header wider than
//! [`MAX_COLUMNS`], no field longer than [`MAX_FIELD_BYTES`].
//!
//! polars reports a ragged row without saying where it is, and its streaming
//! engine can fail on one in a way that takes the process down (found by the
//! `incident_log` fuzz target). This check runs in the same pass over the
//! file as the UTF-8 check and names the line.
//!
//! Quoting must follow RFC 4180: a `"` opens a quoted field only at the
//! start of a field; inside one, `""` is a quote and line breaks belong to
//! the field; after the closing quote comes a separator or a line end. A
//! quote anywhere else is refused, because polars' chunking and parsing
//! read it differently.

use crate::i18n::tr;

/// Most columns an incident log may have.
pub const MAX_COLUMNS: usize = 10_000;
/// Longest field, in bytes.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// What is wrong with a log's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeProblem {
    /// The header names more than [`MAX_COLUMNS`] columns.
    TooManyColumns,
    /// A row has more fields than the header.
    Ragged {
        /// 1-based line where the row starts.
        line: u64,
        /// Fields in the row.
        fields: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// A `"` inside a field that is not quoted as a whole, or text after a
    /// quoted field's closing quote.
    StrayQuote {
        /// 1-based line where the row starts.
        line: u64,
        /// 1-based field number.
        field: usize,
    },
    /// The file ends inside a quoted field.
    UnclosedQuote {
        /// 1-based line where the row starts.
        line: u64,
    },
    /// A field is longer than [`MAX_FIELD_BYTES`].
    HugeField {
        /// 1-based line where the row starts.
        line: u64,
        /// 1-based field number.
        field: usize,
    },
}

impl ShapeProblem {
    /// The problem in the user's language, with what to do.
    pub fn describe(&self) -> String {
        match self {
            ShapeProblem::TooManyColumns => tr("log_too_many_columns", &[("max", &MAX_COLUMNS)]),
            ShapeProblem::Ragged {
                line,
                fields,
                expected,
            } => tr(
                "log_ragged_row",
                &[("line", line), ("fields", fields), ("expected", expected)],
            ),
            ShapeProblem::StrayQuote { line, field } => {
                tr("log_stray_quote", &[("line", line), ("field", field)])
            }
            ShapeProblem::UnclosedQuote { line } => tr("log_unclosed_quote", &[("line", line)]),
            ShapeProblem::HugeField { line, field } => tr(
                "log_huge_field",
                &[
                    ("line", line),
                    ("field", field),
                    ("max", &(MAX_FIELD_BYTES >> 20)),
                ],
            ),
        }
    }
}

/// A streaming checker: feed it the file's bytes in order, then call
/// [`CsvShape::finish`].
#[derive(Debug)]
pub struct CsvShape {
    /// Current line (1-based).
    line: u64,
    /// Line on which the current record started.
    record_line: u64,
    /// Commas seen in the current record outside quotes.
    commas: usize,
    /// Bytes in the current field.
    field_len: usize,
    /// Whether the current record has any content.
    content: bool,
    /// Fields in the header, once read.
    expected: Option<usize>,
    /// Records after the header (blank lines are none).
    rows: u64,
    in_quotes: bool,
    /// A `"` inside a quoted field, not yet known to be `""` or the close.
    quote_pending: bool,
    at_field_start: bool,
}

impl Default for CsvShape {
    fn default() -> Self {
        CsvShape {
            line: 1,
            record_line: 1,
            commas: 0,
            field_len: 0,
            content: false,
            expected: None,
            rows: 0,
            in_quotes: false,
            quote_pending: false,
            at_field_start: true,
        }
    }
}

impl CsvShape {
    /// A checker at the start of a file.
    pub fn new() -> Self {
        Self::default()
    }

    /// Check the next bytes.
    ///
    /// # Errors
    /// The first problem found.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), ShapeProblem> {
        for &b in bytes {
            if self.in_quotes {
                if self.quote_pending {
                    self.quote_pending = false;
                    if b == b'"' {
                        self.grow()?;
                        continue;
                    }
                    self.in_quotes = false;
                    // The quote closed the field: only a separator or a line
                    // end may follow.
                    if !matches!(b, b',' | b'\n' | b'\r') {
                        return Err(self.stray_quote());
                    }
                } else {
                    match b {
                        b'"' => self.quote_pending = true,
                        b'\n' => {
                            self.line += 1;
                            self.grow()?;
                        }
                        _ => self.grow()?,
                    }
                    continue;
                }
            }
            match b {
                b',' => {
                    self.commas += 1;
                    self.content = true;
                    self.field_len = 0;
                    self.at_field_start = true;
                    if self.expected.is_none() && self.commas >= MAX_COLUMNS {
                        return Err(ShapeProblem::TooManyColumns);
                    }
                }
                b'\n' => {
                    self.end_record()?;
                    self.line += 1;
                    self.record_line = self.line;
                }
                b'\r' => {}
                b'"' if self.at_field_start => {
                    self.in_quotes = true;
                    self.content = true;
                    self.at_field_start = false;
                }
                // polars splits a file into chunks by counting quotes and
                // parses fields by RFC 4180; a stray quote makes the two
                // disagree (found by the `incident_log` fuzz target).
                b'"' => return Err(self.stray_quote()),
                _ => {
                    self.content = true;
                    self.at_field_start = false;
                    self.grow()?;
                }
            }
        }
        Ok(())
    }

    /// Check the last record (a file need not end with a line break).
    ///
    /// # Errors
    /// A problem in the last record.
    pub fn finish(&mut self) -> Result<(), ShapeProblem> {
        if self.in_quotes && !self.quote_pending {
            return Err(ShapeProblem::UnclosedQuote {
                line: self.record_line,
            });
        }
        self.end_record()
    }

    /// Records read so far after the header (blank lines are not records).
    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn stray_quote(&self) -> ShapeProblem {
        ShapeProblem::StrayQuote {
            line: self.record_line,
            field: self.commas + 1,
        }
    }

    fn grow(&mut self) -> Result<(), ShapeProblem> {
        self.field_len += 1;
        if self.field_len > MAX_FIELD_BYTES {
            return Err(ShapeProblem::HugeField {
                line: self.record_line,
                field: self.commas + 1,
            });
        }
        Ok(())
    }

    fn end_record(&mut self) -> Result<(), ShapeProblem> {
        let fields = self.commas + 1;
        let content = self.content;
        self.commas = 0;
        self.field_len = 0;
        self.content = false;
        self.at_field_start = true;
        if !content {
            return Ok(()); // a blank line is no record
        }
        if self.expected.is_some() {
            self.rows += 1;
        }
        match self.expected {
            None => self.expected = Some(fields),
            Some(expected) if fields > expected => {
                return Err(ShapeProblem::Ragged {
                    line: self.record_line,
                    fields,
                    expected,
                });
            }
            Some(_) => {}
        }
        Ok(())
    }
}

/// Check a whole CSV text held in memory.
///
/// # Errors
/// The first problem found.
pub fn check(bytes: &[u8]) -> Result<(), ShapeProblem> {
    check_rows(bytes).map(|_| ())
}

/// [`check`], returning the number of records after the header.
///
/// # Errors
/// The first problem found.
pub fn check_rows(bytes: &[u8]) -> Result<u64, ShapeProblem> {
    let mut shape = CsvShape::new();
    shape.feed(bytes)?;
    shape.finish()?;
    Ok(shape.rows())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_with_an_extra_field_is_named_by_its_line() {
        let text = b"id,org\n1,a\n\n\"2\nx\",b\n3,c,extra\n";
        assert_eq!(
            check(text),
            Err(ShapeProblem::Ragged {
                line: 6,
                fields: 3,
                expected: 2
            })
        );
    }

    #[test]
    fn rows_are_records_after_the_header_whatever_the_line_breaks() {
        assert_eq!(check_rows(b"id,org\n1,a\n\n\"2\nx\",b\r\n3,c"), Ok(3));
        assert_eq!(check_rows(b"id,org\n"), Ok(0));
        assert_eq!(check_rows(b""), Ok(0));
    }

    #[test]
    fn commas_and_line_breaks_inside_quotes_belong_to_the_field() {
        assert_eq!(check(b"id,org\n\"1,2\",\"a\"\"b,\nc\"\n4,d"), Ok(()));
        // Fewer fields than the header are filled with nulls, not an error.
        assert_eq!(check(b"id,org,unit\n1,a\n"), Ok(()));
    }

    #[test]
    fn the_checker_gives_the_same_answer_whatever_the_block_boundaries() {
        let text = b"id,org\n\"1,\"\"x\"\"\",a\r\n2,b,c\n";
        for cut in 0..text.len() {
            let mut s = CsvShape::new();
            let r = s.feed(&text[..cut]).and_then(|()| s.feed(&text[cut..]));
            let r = r.and_then(|()| s.finish());
            assert_eq!(
                r,
                Err(ShapeProblem::Ragged {
                    line: 3,
                    fields: 3,
                    expected: 2
                }),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn stray_and_unclosed_quotes_are_refused_with_their_place() {
        assert_eq!(
            check(b"id,org\n1,5\" floppy\n"),
            Err(ShapeProblem::StrayQuote { line: 2, field: 2 })
        );
        assert_eq!(
            check(b"id,org\n\"1\"x,a\n"),
            Err(ShapeProblem::StrayQuote { line: 2, field: 1 })
        );
        assert_eq!(
            check(b"id,org\n1,\"open\n2,b\n"),
            Err(ShapeProblem::UnclosedQuote { line: 2 })
        );
        assert_eq!(check(b"id,org\n1,\"5\"\" floppy\"\r\n"), Ok(()));
    }

    #[test]
    fn a_header_of_a_million_columns_stops_early() {
        let header = vec![b','; 1_000_000];
        assert_eq!(check(&header), Err(ShapeProblem::TooManyColumns));
    }

    #[test]
    fn a_field_over_the_limit_is_named() {
        let mut text = b"id,org\n1,".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_FIELD_BYTES + 1));
        assert_eq!(
            check(&text),
            Err(ShapeProblem::HugeField { line: 2, field: 2 })
        );
    }
}
