//! Text that reaches a terminal. Both front ends (the TUI's panes and the CLI's output) clean
//! database text here, so an escape sequence stored in a name can never drive the terminal.

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
}
