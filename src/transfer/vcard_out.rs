//! Writing vCard 3.0: one card per contact, CRLF line ends, lines folded at 75 octets, text
//! escaped. Fields vCard has no property for are written as `X-ROLO-…` so a rolo export reads
//! back whole (see `vcard::COLUMNS`).

use std::io::{self, Write};

/// A contact as a card: `(property, value)` pairs in order; values are plain text.
pub struct CardOut {
    pub uid: String,
    pub given: String,
    pub family: String,
    pub props: Vec<(&'static str, String)>,
    pub categories: Vec<String>,
}

/// Escape a text value: backslash, newline, comma and semicolon.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            c => out.push(c),
        }
    }
    out
}

/// Write one content line, folded so no line exceeds 75 octets (never inside a character).
fn line(out: &mut (impl Write + ?Sized), text: &str) -> io::Result<()> {
    let mut width = 0;
    for c in text.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.write_all(b"\r\n ")?;
            width = 1;
        }
        let mut buf = [0u8; 4];
        out.write_all(c.encode_utf8(&mut buf).as_bytes())?;
        width += n;
    }
    out.write_all(b"\r\n")
}

pub fn write_card(out: &mut (impl Write + ?Sized), card: &CardOut) -> io::Result<()> {
    line(out, "BEGIN:VCARD")?;
    line(out, "VERSION:3.0")?;
    line(out, &format!("UID:urn:uuid:{}", card.uid))?;
    line(
        out,
        &format!("N:{};{};;;", escape(&card.family), escape(&card.given)),
    )?;
    let full = [card.given.as_str(), card.family.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    line(out, &format!("FN:{}", escape(&full)))?;
    for (name, value) in &card.props {
        if !value.is_empty() {
            line(out, &format!("{name}:{}", escape(value)))?;
        }
    }
    if !card.categories.is_empty() {
        let cats: Vec<String> = card.categories.iter().map(|c| escape(c)).collect();
        line(out, &format!("CATEGORIES:{}", cats.join(",")))?;
    }
    line(out, "END:VCARD")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::vcard;

    #[test]
    fn written_cards_read_back() {
        let note = format!("first; line\nsecond, line {}", "ü".repeat(80));
        let card = CardOut {
            uid: "0193a5c4-0000-7000-8000-000000000001".into(),
            given: "Zoë".into(),
            family: "O'Brien; Jr".into(),
            props: vec![
                ("EMAIL;TYPE=INTERNET", "zoe@example.com".into()),
                ("NOTE", note.clone()),
            ],
            categories: vec!["vip".into(), "b2b".into()],
        };
        let mut buf = Vec::new();
        write_card(&mut buf, &card).unwrap();
        let text = String::from_utf8(buf.clone()).unwrap();
        assert!(text.lines().all(|l| l.len() <= 75), "{text}");
        let cards = vcard::read(&buf);
        let cells = cards.rows[0].cells.as_ref().unwrap();
        let get = |label: &str| {
            let i = vcard::COLUMNS
                .iter()
                .position(|(l, _)| *l == label)
                .unwrap();
            cells[i].clone()
        };
        assert_eq!(get("N (given name)"), "Zoë");
        assert_eq!(get("N (family name)"), "O'Brien; Jr");
        assert_eq!(get("NOTE/ADR"), note);
        assert_eq!(get("CATEGORIES"), "vip,b2b");
        assert_eq!(get("UID"), card.uid);
        assert!(cards.ignored.is_empty(), "{:?}", cards.ignored);
    }
}
