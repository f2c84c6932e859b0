//! Text that reaches a terminal. Both front ends (the TUI's panes and the CLI's output) clean
//! database text here, so an escape sequence stored in a name can never drive the terminal, and
//! fit it here to a number of terminal columns: display width, not characters, so CJK text and
//! emoji (two columns each) keep the columns after them in place.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Replace every control character (C0 including ESC, DEL, and C1 such as U+009B CSI) with
/// U+FFFD. Newlines and tabs are replaced too: one value stays on one line.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// Like [`sanitize`], but keeps line breaks (`\n`, and `\r` directly before `\n`) and tabs:
/// for whole documents (CSV, JSON, vCard, a report) shown on a terminal.
pub fn sanitize_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let keep = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !c.is_control(),
        };
        out.push(if keep { c } else { '\u{fffd}' });
    }
    out
}

/// Cleans a byte stream for a terminal as [`sanitize_lines`] does, across write boundaries:
/// an incomplete UTF-8 sequence or a `\r` at the end of a chunk waits for the next one. Bytes
/// that are not UTF-8 become U+FFFD.
#[derive(Debug, Default)]
pub struct StreamSanitizer {
    pending: Vec<u8>,
}

impl StreamSanitizer {
    /// The cleaned text of `bytes` that can be decided now.
    pub fn push(&mut self, bytes: &[u8]) -> String {
        self.pending.extend_from_slice(bytes);
        let mut out = String::new();
        let mut start = 0;
        loop {
            match std::str::from_utf8(&self.pending[start..]) {
                Ok(s) => {
                    // a final '\r' is held back until we know whether '\n' follows
                    let cut = if s.ends_with('\r') {
                        s.len() - 1
                    } else {
                        s.len()
                    };
                    out.push_str(&sanitize_lines(&s[..cut]));
                    start += cut;
                    break;
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    let s = std::str::from_utf8(&self.pending[start..start + valid]).unwrap_or("");
                    out.push_str(&sanitize_lines(s));
                    start += valid;
                    match e.error_len() {
                        Some(n) => {
                            out.push('\u{fffd}');
                            start += n;
                        }
                        None => break, // incomplete sequence at the end: wait for more
                    }
                }
            }
        }
        self.pending.drain(..start);
        out
    }

    /// Whatever is still held back (a lone `\r`, a cut UTF-8 sequence), cleaned.
    pub fn finish(&mut self) -> String {
        let rest = std::mem::take(&mut self.pending);
        match std::str::from_utf8(&rest) {
            Ok(s) => sanitize(s),
            Err(_) if rest.is_empty() => String::new(),
            Err(_) => "\u{fffd}".to_string(),
        }
    }
}

/// The terminal columns `text` takes: two for East Asian wide characters and most emoji, none
/// for combining marks. Measured per grapheme cluster, as ratatui lays text out, so a flag or a
/// family emoji counts once.
pub fn width(text: &str) -> usize {
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// `text` sanitized and cut to at most `width` columns, the cut marked with '…'. A wide
/// character is never split: when only half of it would fit, the result is one column short
/// (see [`pad`] for an exact width).
pub fn fit(text: &str, width: usize) -> String {
    let clean = sanitize(text);
    if self::width(&clean) <= width {
        return clean;
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::with_capacity(clean.len().min(width * 4));
    let mut used = 0;
    for g in clean.graphemes(true) {
        let w = g.width();
        if used + w > width - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// [`fit`], then spaces up to exactly `width` columns: a left-aligned table cell.
pub fn pad(text: &str, width: usize) -> String {
    fill(&fit(text, width), width)
}

/// `text` followed by spaces up to `width` columns; longer text is kept whole (what `{:<width$}`
/// does, counting columns instead of characters).
pub fn fill(text: &str, width: usize) -> String {
    let short = width.saturating_sub(self::width(text));
    let mut out = String::with_capacity(text.len() + short);
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', short));
    out
}

/// `text` without its first `columns` display columns (a wide character straddling the edge
/// goes too), and how many columns went: an input line scrolled so its cursor shows.
pub fn skip_columns(text: &str, columns: usize) -> (&str, usize) {
    let mut skipped = 0;
    for (at, g) in text.grapheme_indices(true) {
        if skipped >= columns {
            return (&text[at..], skipped);
        }
        skipped += g.width();
    }
    ("", skipped)
}

/// The longest start of `text` at most `columns` wide, uncut by any mark: the visible part of
/// a scrolled input line.
pub fn take_columns(text: &str, columns: usize) -> &str {
    let mut used = 0;
    for (at, g) in text.grapheme_indices(true) {
        used += g.width();
        if used > columns {
            return &text[..at];
        }
    }
    text
}

/// A count with ',' between thousands: `thousands(38811) == "38,811"`, `thousands(-1200) == "-1,200"`.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5839), "5,839");
        assert_eq!(thousands(38811), "38,811");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(-1200), "-1,200");
    }

    #[test]
    fn every_control_character_is_replaced_in_a_value() {
        assert_eq!(
            sanitize("Acme\x1b]0;PWNED\x07\r\n\u{9b}31m"),
            "Acme\u{fffd}]0;PWNED\u{fffd}\u{fffd}\u{fffd}\u{fffd}31m"
        );
        assert_eq!(sanitize("Müller & Söhne"), "Müller & Söhne");
    }

    #[test]
    fn documents_keep_their_line_breaks_but_lose_escapes() {
        assert_eq!(
            sanitize_lines("a,b\r\n\x1b[2Jc\td\re\n"),
            "a,b\r\n\u{fffd}[2Jc\td\u{fffd}e\n"
        );
    }

    #[test]
    fn a_stream_is_cleaned_across_chunk_boundaries() {
        let text = "ok\r\nAcme\u{9b}2J é\x1b]0;x\x07\r\n";
        let bytes = text.as_bytes();
        let whole = sanitize_lines(text);
        for cut in 0..bytes.len() {
            let mut s = StreamSanitizer::default();
            let mut got = s.push(&bytes[..cut]);
            got.push_str(&s.push(&bytes[cut..]));
            got.push_str(&s.finish());
            assert_eq!(got, whole, "cut at {cut}");
        }
        let mut s = StreamSanitizer::default();
        let mut got = s.push(b"a\xffb\r");
        got.push_str(&s.finish());
        assert_eq!(got, "a\u{fffd}b\u{fffd}");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(width("Acme"), 4);
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("🦀 crab"), 7);
        assert_eq!(width("e\u{301}"), 1); // e + combining acute
        assert_eq!(width("👨‍👩‍👧"), 2); // one family, three people joined
        assert_eq!(width(""), 0);
    }

    #[test]
    fn fitting_counts_columns_and_never_splits_a_wide_character() {
        let cases: &[(&str, usize, &str)] = &[
            ("Acme Corporation", 16, "Acme Corporation"),
            ("Acme Corporation", 10, "Acme Corp…"),
            ("Acme", 0, ""),
            ("Acme", 1, "…"),
            ("日本語の会社", 12, "日本語の会社"),
            ("日本語の会社", 7, "日本語…"),
            // 'の' would need columns 6-7 of 6: it goes whole, one column stays free
            ("日本語の会社", 6, "日本…"),
            ("🦀🦀🦀", 5, "🦀🦀…"),
            ("🦀🦀🦀", 4, "🦀…"),
            ("cafe\u{301} crème", 5, "cafe\u{301}…"),
        ];
        for (text, w, want) in cases {
            let got = fit(text, *w);
            assert_eq!(&got, want, "fit({text:?}, {w})");
            assert!(
                width(&got) <= *w,
                "fit({text:?}, {w}) is {} wide",
                width(&got)
            );
        }
        assert_eq!(
            fit("Acme\x1b]0;pwned\x07 Corporation", 10),
            "Acme\u{fffd}]0;p…"
        );
    }

    #[test]
    fn padding_fills_exactly_the_width() {
        assert_eq!(pad("Acme", 6), "Acme  ");
        assert_eq!(pad("日本語の会社", 6), "日本… ");
        assert_eq!(pad("🦀", 3), "🦀 ");
        for w in 0..10 {
            assert_eq!(width(&pad("日本語🦀x", w)), w);
        }
        assert_eq!(fill("日本", 6), "日本  ");
        assert_eq!(fill("日本語の会社", 6), "日本語の会社");
        assert_eq!(fill("Acme", 2), "Acme");
    }

    #[test]
    fn skipping_columns_drops_a_straddling_wide_character() {
        assert_eq!(skip_columns("abcdef", 2), ("cdef", 2));
        assert_eq!(skip_columns("日本語", 2), ("本語", 2));
        assert_eq!(skip_columns("日本語", 3), ("語", 4));
        assert_eq!(skip_columns("日本語", 0), ("日本語", 0));
        assert_eq!(skip_columns("日本", 9), ("", 4));
        assert_eq!(take_columns("abcdef", 4), "abcd");
        assert_eq!(take_columns("日本語", 5), "日本");
        assert_eq!(take_columns("日本語", 6), "日本語");
        assert_eq!(take_columns("🦀x", 1), "");
    }
}
