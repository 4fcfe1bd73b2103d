//! Feeding an answer CSV to the csv reader with the cell limit applied while
//! reading, so that a single 500 MB line costs a megabyte of buffer instead
//! of gigabytes of copies.
//!
//! [`Guarded`] reads the decoded text and follows CSV quoting itself (the
//! same rules the csv crate applies): it records the line each record starts
//! on, and when a field grows past the cell limit, a record past the column
//! limit or the row limit, it stops passing that part on. The csv reader
//! then sees a short field (closed with a `"` when the cut left a quoted
//! field open) and the rest of the file unchanged; the record's [`Cut`] says
//! what was dropped, and the caller reports it instead of the record.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

/// Why a record was cut short while reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    /// Field `column` (0-based) holds `bytes` bytes, more than a cell may.
    Cell {
        /// 0-based field index.
        column: usize,
        /// Bytes of the whole field.
        bytes: u64,
    },
    /// The record has `count` fields, more than a row may.
    Fields {
        /// Fields of the whole record.
        count: usize,
    },
    /// The record holds more than `bytes` bytes of text (counted up to the cut).
    Row {
        /// Bytes of the record's fields.
        bytes: u64,
    },
}

/// What the scan learnt, handed out one record at a time in reading order.
#[derive(Debug, Default)]
pub(crate) struct Found {
    starts: VecDeque<u64>,
    cuts: BTreeMap<usize, Cut>,
    next: usize,
}

impl Found {
    /// The line the next record starts on and what was cut from it.
    pub(crate) fn next_record(&mut self) -> (u64, Option<Cut>) {
        let index = self.next;
        self.next += 1;
        (
            self.starts.pop_front().unwrap_or(0),
            self.cuts.remove(&index),
        )
    }
}

/// The ceilings applied while reading.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ceilings {
    /// Bytes of one field.
    pub(crate) cell: u64,
    /// Fields of one record kept (more are counted, not passed on).
    pub(crate) fields: usize,
    /// Bytes of one record's fields.
    pub(crate) row: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    No,
    Field,
    Record,
}

/// A reader of CSV text that applies [`Ceilings`] while it is read.
pub(crate) struct Guarded<'a> {
    text: &'a [u8],
    pos: usize,
    ceilings: Ceilings,
    found: Rc<RefCell<Found>>,
    queue: VecDeque<u8>,
    line: u64,
    record_start: bool,
    field_start: bool,
    quoted: bool,
    records: usize,
    field: usize,
    field_bytes: u64,
    row_bytes: u64,
    skip: Skip,
    close_quote: bool,
    cut: Option<Cut>,
    passed_any: bool,
    finished: bool,
}

impl<'a> Guarded<'a> {
    /// A reader over `text`; what it learns goes to `found`.
    pub(crate) fn new(text: &'a [u8], ceilings: Ceilings, found: Rc<RefCell<Found>>) -> Self {
        Guarded {
            text,
            pos: 0,
            ceilings,
            found,
            queue: VecDeque::new(),
            line: 1,
            record_start: true,
            field_start: true,
            quoted: false,
            records: 0,
            field: 0,
            field_bytes: 0,
            row_bytes: 0,
            skip: Skip::No,
            close_quote: false,
            cut: None,
            passed_any: false,
            finished: false,
        }
    }

    fn start_record(&mut self) {
        self.found.borrow_mut().starts.push_back(self.line);
        self.record_start = false;
        self.records += 1;
        self.field = 0;
        self.field_bytes = 0;
        self.row_bytes = 0;
        self.skip = Skip::No;
        self.close_quote = false;
        self.cut = None;
        self.passed_any = false;
    }

    /// The record ends (line end outside quotes, or end of text): close a
    /// quote the cut left open and file the cut before the csv reader can
    /// see the record end.
    fn end_record(&mut self) {
        if !self.passed_any {
            // Everything was cut: an empty field keeps the record a record.
            self.queue.extend(b"\"\"");
        }
        if self.close_quote {
            self.queue.push_back(b'"');
            self.close_quote = false;
        }
        if let Some(cut) = self.cut.take() {
            self.found.borrow_mut().cuts.insert(self.records - 1, cut);
        }
        self.skip = Skip::No;
    }

    /// Account `n` content bytes starting with byte `b`, read while the field
    /// was quoted (`in_quotes`); whether they are passed on.
    fn content(&mut self, b: u8, n: u64, in_quotes: bool) -> bool {
        let boundary = b & 0xC0 != 0x80; // never cut inside a UTF-8 character
        match self.skip {
            Skip::Record => {
                if let Some(Cut::Row { bytes }) = &mut self.cut {
                    *bytes += n;
                }
                false
            }
            Skip::Field => {
                self.field_bytes += n;
                if let Some(Cut::Cell { column, bytes }) = &mut self.cut
                    && *column == self.field
                {
                    *bytes = self.field_bytes;
                }
                false
            }
            Skip::No if n > 0 && boundary && self.field_bytes + n > self.ceilings.cell => {
                self.field_bytes += n;
                self.skip = Skip::Field;
                self.close_quote = in_quotes;
                self.cut.get_or_insert(Cut::Cell {
                    column: self.field,
                    bytes: self.field_bytes,
                });
                false
            }
            Skip::No if n > 0 && boundary && self.row_bytes + n > self.ceilings.row => {
                self.skip = Skip::Record;
                self.close_quote = in_quotes;
                self.cut.get_or_insert(Cut::Row {
                    bytes: self.row_bytes + n,
                });
                false
            }
            Skip::No => {
                self.field_bytes += n;
                self.row_bytes += n;
                true
            }
        }
    }

    /// The length of the run of ordinary field bytes at the reading position
    /// (no quote, comma or line end, and within the ceilings), at most
    /// `room`, accounted as passed: the fast path for the bulk of a file.
    fn plain_run(&mut self, room: usize) -> usize {
        if self.skip != Skip::No || self.record_start {
            return 0;
        }
        let budget = (self.ceilings.cell - self.field_bytes.min(self.ceilings.cell))
            .min(self.ceilings.row - self.row_bytes.min(self.ceilings.row));
        let rest = &self.text[self.pos..];
        let most = rest
            .len()
            .min(room)
            .min(usize::try_from(budget).unwrap_or(usize::MAX));
        let quoted = self.quoted;
        let run = rest[..most]
            .iter()
            .position(|&b| matches!(b, b'"' | b'\n' | b'\r') || (b == b',' && !quoted))
            .unwrap_or(most);
        if run > 0 {
            self.field_bytes += run as u64;
            self.row_bytes += run as u64;
            self.field_start = false;
            self.passed_any = true;
        }
        run
    }

    /// Skip a run of ordinary field bytes of a part being cut, counting them;
    /// whether there was one.
    fn skip_run(&mut self) -> bool {
        if self.skip == Skip::No || self.record_start {
            return false;
        }
        let quoted = self.quoted;
        let rest = &self.text[self.pos..];
        let run = rest
            .iter()
            .position(|&b| matches!(b, b'"' | b'\n' | b'\r') || (b == b',' && !quoted))
            .unwrap_or(rest.len());
        if run == 0 {
            return false;
        }
        self.pos += run;
        let run = run as u64;
        match (&mut self.cut, self.skip) {
            (Some(Cut::Row { bytes }), Skip::Record) => *bytes += run,
            (cut, Skip::Field) => {
                self.field_bytes += run;
                if let Some(Cut::Cell { column, bytes }) = cut
                    && *column == self.field
                {
                    *bytes = self.field_bytes;
                }
            }
            _ => {}
        }
        self.field_start = false;
        true
    }

    /// Read one unit of text (a byte, or a `""` pair or CRLF) into the queue.
    fn step(&mut self) {
        let text = self.text;
        let b = text[self.pos];
        let next = text.get(self.pos + 1).copied();
        let crlf = b == b'\r' && next == Some(b'\n');
        let (len, pass) = if self.quoted {
            let (len, n) = match b {
                b'"' if next == Some(b'"') => (2, 1),
                b'"' => {
                    self.quoted = false;
                    (1, 0)
                }
                b'\n' => {
                    self.line += 1;
                    (1, 1)
                }
                b'\r' if !crlf => {
                    self.line += 1;
                    (1, 1)
                }
                _ => (1, 1),
            };
            let pass = if n == 0 {
                self.skip == Skip::No
            } else {
                self.content(b, n, true)
            };
            (len, pass)
        } else if b == b'\n' || b == b'\r' {
            self.line += 1;
            if !self.record_start {
                self.end_record();
            }
            self.record_start = true;
            self.field_start = true;
            (if crlf { 2 } else { 1 }, true)
        } else {
            if self.record_start {
                self.start_record();
            }
            if b == b',' {
                self.field_start = true;
                self.field += 1;
                self.field_bytes = 0;
                match self.skip {
                    Skip::Field => {
                        if self.close_quote {
                            self.queue.push_back(b'"');
                            self.close_quote = false;
                        }
                        self.skip = Skip::No;
                    }
                    Skip::Record => {
                        if let Some(Cut::Fields { count }) = &mut self.cut {
                            *count = self.field + 1;
                        }
                    }
                    Skip::No => {}
                }
                if self.skip == Skip::No && self.field >= self.ceilings.fields {
                    self.skip = Skip::Record;
                    self.cut.get_or_insert(Cut::Fields {
                        count: self.field + 1,
                    });
                }
                (1, self.skip == Skip::No)
            } else {
                let opening = b == b'"' && self.field_start;
                self.quoted = opening;
                self.field_start = false;
                let pass = if opening {
                    self.skip == Skip::No
                } else {
                    self.content(b, 1, false)
                };
                (1, pass)
            }
        };
        if pass {
            self.queue.extend(&text[self.pos..self.pos + len]);
            self.passed_any |= !self.record_start;
        }
        self.pos += len;
    }
}

impl std::io::Read for Guarded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            if let Some(b) = self.queue.pop_front() {
                buf[n] = b;
                n += 1;
            } else if self.pos < self.text.len() {
                if self.skip_run() {
                    continue;
                }
                let run = self.plain_run(buf.len() - n);
                if run > 0 {
                    buf[n..n + run].copy_from_slice(&self.text[self.pos..self.pos + run]);
                    self.pos += run;
                    n += run;
                } else {
                    self.step();
                }
            } else if !self.finished {
                self.finished = true;
                if !self.record_start {
                    self.end_record();
                }
            } else {
                break;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every record read through the guard: (line, cut, fields).
    fn scan(text: &str, ceilings: Ceilings) -> Vec<(u64, Option<Cut>, Vec<String>)> {
        let found = Rc::new(RefCell::new(Found::default()));
        let guard = Guarded::new(text.as_bytes(), ceilings, Rc::clone(&found));
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(guard);
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        records
            .into_iter()
            .map(|r| {
                let (line, cut) = found.borrow_mut().next_record();
                (line, cut, r.iter().map(str::to_string).collect())
            })
            .collect()
    }

    fn plain(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    const OPEN: Ceilings = Ceilings {
        cell: u64::MAX,
        fields: usize::MAX,
        row: u64::MAX,
    };

    #[test]
    fn a_field_past_the_limit_is_cut_and_the_next_rows_read_as_before() {
        let text = "h1,h2\n\"abcdefgh\"\"ij\",x\nshort,\"ok\"\n12345678901,y\n\"é日本語日本\",z\n";
        let got = scan(text, Ceilings { cell: 6, ..OPEN });
        let lines: Vec<u64> = got.iter().map(|g| g.0).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5]);
        assert_eq!(
            got[1].1,
            Some(Cut::Cell {
                column: 0,
                bytes: 11
            })
        );
        assert_eq!(
            got[1].2,
            ["abcdef", "x"],
            "the cut field is closed, the row goes on"
        );
        assert_eq!(got[2].1, None);
        assert_eq!(got[2].2, ["short", "ok"]);
        assert_eq!(
            got[3].1,
            Some(Cut::Cell {
                column: 0,
                bytes: 11
            })
        );
        // 6 bytes end inside 日; the cut waits for the character's end.
        assert_eq!(
            got[4].1,
            Some(Cut::Cell {
                column: 0,
                bytes: 17
            })
        );
        assert_eq!(got[4].2[0], "é日本");
    }

    #[test]
    fn records_start_where_an_editor_shows_them() {
        let lines = |text: &str| scan(text, OPEN).iter().map(|g| g.0).collect::<Vec<_>>();
        assert_eq!(lines("h\r\na\r\n\r\nb\rc\n"), [1, 2, 4, 5]);
        assert_eq!(lines("h\n\"x\ny\",\"\"\"\"\nz\n"), [1, 2, 4]);
        assert_eq!(
            lines("h\nab\"c\nd\n"),
            [1, 2, 3],
            "a quote inside a field is literal"
        );
    }

    #[test]
    fn too_many_fields_and_too_long_rows_are_counted_and_dropped() {
        let got = scan(
            "a,b,c,d,e\n1,2\n\"xx\",\"yy\nyy\",zz\nend\n",
            Ceilings {
                cell: 100,
                fields: 3,
                row: 5,
            },
        );
        assert_eq!(got[0].1, Some(Cut::Fields { count: 5 }));
        assert_eq!(got[0].2, ["a", "b", "c"]);
        assert_eq!(got[1].1, None);
        assert_eq!(got[2].0, 3);
        assert_eq!(got[2].1, Some(Cut::Row { bytes: 9 }));
        assert_eq!(got[2].2, ["xx", "yy\n"]);
        assert_eq!(got[3], (5, None, vec!["end".to_string()]));
        // A record whose every byte is cut is still one record.
        let got = scan(",\nx\n", Ceilings { fields: 1, ..OPEN });
        assert_eq!(
            got[0],
            (1, Some(Cut::Fields { count: 2 }), vec![String::new()])
        );
        assert_eq!(got[1], (2, None, vec!["x".to_string()]));
    }

    /// The line on which each record starts, counted independently.
    fn oracle_lines(text: &[u8]) -> Vec<u64> {
        let mut starts = Vec::new();
        let mut line = 1u64;
        let (mut record_start, mut field_start, mut quoted) = (true, true, false);
        let mut i = 0;
        while i < text.len() {
            let b = text[i];
            let crlf = b == b'\r' && text.get(i + 1) == Some(&b'\n');
            if quoted {
                match b {
                    b'"' if text.get(i + 1) == Some(&b'"') => i += 1,
                    b'"' => quoted = false,
                    b'\n' => line += 1,
                    b'\r' if !crlf => line += 1,
                    _ => {}
                }
            } else if b == b'\n' || b == b'\r' {
                if crlf {
                    i += 1;
                }
                line += 1;
                record_start = true;
                field_start = true;
            } else {
                if record_start {
                    starts.push(line);
                    record_start = false;
                }
                if b == b',' {
                    field_start = true;
                } else {
                    quoted = b == b'"' && field_start;
                    field_start = false;
                }
            }
            i += 1;
        }
        starts
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Without ceilings the guard changes nothing; with small ones,
        /// every record it did not cut reads exactly as without them.
        #[test]
        fn the_guard_only_ever_changes_the_records_it_cuts(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("a"), Just("bc"), Just(","), Just("\""), Just("\"\""),
                    Just("\n"), Just("\r"), Just("\r\n"), Just("é"), Just("日本"), Just(" "),
                ],
                0..40,
            ),
            cell in 1u64..6,
            fields in 1usize..4,
            row in 1u64..12,
        ) {
            let text: String = parts.concat();
            let open = scan(&text, OPEN);
            let want = plain(&text);
            prop_assert_eq!(open.iter().map(|g| g.2.clone()).collect::<Vec<_>>(), want.clone());
            prop_assert!(open.iter().all(|g| g.1.is_none()));
            let lines: Vec<u64> = open.iter().map(|g| g.0).collect();
            prop_assert_eq!(lines, oracle_lines(text.as_bytes()));
            let tight = scan(&text, Ceilings { cell, fields, row });
            prop_assert_eq!(tight.len(), want.len());
            for (got, want) in tight.iter().zip(&want) {
                if got.1.is_none() {
                    prop_assert_eq!(&got.2, want);
                }
            }
        }
    }
}
