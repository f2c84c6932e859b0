//! Reading vCard 3.0 and 4.0 (and the common parts of 2.1): several cards per file, folded lines,
//! escaped characters, parameters, quoted-printable values. Each card becomes one row of fixed
//! columns that map to contact fields; properties rolo has no field for are counted and reported.

use std::collections::BTreeMap;
use std::ops::Range;

use super::source::{utf8_problem, SourceRow};

mod cells;
use cells::card_cells;

/// The columns a card fills, with the contact field each maps to.
pub const COLUMNS: [(&str, &str); 17] = [
    ("UID", "id"),
    ("N (given name)", "first_name"),
    ("N (family name)", "last_name"),
    ("FN", "full_name"),
    ("EMAIL", "email"),
    ("TEL", "phone"),
    ("ORG", "company"),
    ("TITLE", "title"),
    ("NOTE/ADR", "notes"),
    ("CATEGORIES", "tags"),
    ("X-ROLO-COMPANY-ID", "company_id"),
    ("X-ROLO-OWNER", "owner"),
    ("X-ROLO-PREFERRED-CHANNEL", "preferred_channel"),
    ("X-ROLO-DO-NOT-CONTACT", "do_not_contact"),
    ("X-ROLO-PRIMARY", "is_primary"),
    ("X-ROLO-CREATED-AT", "created_at"),
    ("X-ROLO-UPDATED-AT", "updated_at"),
];

/// Properties that carry no contact data.
pub(crate) const META: [&str; 6] = ["BEGIN", "END", "VERSION", "PRODID", "REV", "KIND"];

/// One property: `NAME;PARAM=VALUE:value` (name and parameter names upper-cased).
#[derive(Debug, Clone, PartialEq)]
pub struct Prop {
    pub name: String,
    pub params: Vec<(String, String)>,
    /// The raw value, still escaped.
    pub value: String,
}

impl Prop {
    pub(crate) fn has_type(&self, t: &str) -> bool {
        self.params.iter().any(|(k, v)| {
            (k == "TYPE" && v.split(',').any(|x| x.trim().eq_ignore_ascii_case(t)))
                || (k == t && v.is_empty())
                || (k == "PREF" && t == "PREF")
        })
    }
}

/// The rows of a vCard file and the properties that were not imported (name -> cards).
pub struct Cards {
    pub rows: Vec<SourceRow>,
    pub ignored: BTreeMap<String, u64>,
}

/// Split a vCard file into cards, each a row of [`COLUMNS`].
pub fn read(data: &[u8]) -> Cards {
    let mut out = Cards {
        rows: Vec::new(),
        ignored: BTreeMap::new(),
    };
    let mut card: Option<(u64, usize, Vec<String>, Option<String>)> = None;
    let mut offset = 0;
    let mut line_no = 0u64;
    for raw in data.split_inclusive(|b| *b == b'\n') {
        line_no += 1;
        let start = offset;
        offset += raw.len();
        let line = trim_eol(raw);
        let text = std::str::from_utf8(line);
        let upper = text
            .map(|t| t.trim().to_ascii_uppercase())
            .unwrap_or_default();
        match card.as_mut() {
            None if line.iter().all(u8::is_ascii_whitespace) => {}
            None if upper == "BEGIN:VCARD" => card = Some((line_no, start, Vec::new(), None)),
            None => out.rows.push(SourceRow {
                line: line_no,
                span: start..start + line.len(),
                width: 0,
                cells: Err("is outside a BEGIN:VCARD … END:VCARD card".into()),
            }),
            Some((first, begin, lines, bad)) => {
                if upper == "END:VCARD" {
                    let span = *begin..start + line.len();
                    let cells = match bad.take() {
                        Some(why) => Err(why),
                        None => Ok(card_cells(&parse_lines(lines), &mut out.ignored)),
                    };
                    out.rows.push(SourceRow {
                        line: *first,
                        span,
                        width: 0,
                        cells,
                    });
                    card = None;
                } else {
                    match text {
                        Ok(t) => lines.push(t.to_string()),
                        Err(_) => {
                            let why = utf8_problem(line).unwrap_or_default();
                            bad.get_or_insert(format!("line {line_no}: the text {why}"));
                        }
                    }
                }
            }
        }
    }
    if let Some((first, begin, _, _)) = card {
        out.rows.push(SourceRow {
            line: first,
            span: begin..trim_eol_len(data),
            width: 0,
            cells: Err("has no END:VCARD (the file ends inside the card)".into()),
        });
    }
    out
}

fn trim_eol(raw: &[u8]) -> &[u8] {
    let mut end = raw.len();
    while end > 0 && matches!(raw[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    &raw[..end]
}

fn trim_eol_len(data: &[u8]) -> usize {
    trim_eol(data).len()
}

/// Unfold continuation lines (leading space or tab) and quoted-printable soft breaks, then parse.
fn parse_lines(lines: &[String]) -> Vec<Prop> {
    let mut logical: Vec<String> = Vec::new();
    for l in lines {
        match (l.strip_prefix([' ', '\t']), logical.last_mut()) {
            (Some(rest), Some(prev)) => prev.push_str(rest),
            _ => match logical.last_mut() {
                Some(prev) if prev.ends_with('=') && is_quoted_printable(prev) => {
                    prev.pop();
                    prev.push_str(l);
                }
                _ => logical.push(l.clone()),
            },
        }
    }
    logical.iter().filter_map(|l| parse_prop(l)).collect()
}

fn is_quoted_printable(line: &str) -> bool {
    let head = line
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    head.contains("QUOTED-PRINTABLE")
}

/// `group.NAME;P=V;P2="a,b":value`.
fn parse_prop(line: &str) -> Option<Prop> {
    let mut quoted = false;
    let colon = line.char_indices().find_map(|(i, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        ':' if !quoted => Some(i),
        _ => None,
    })?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = head.split(';');
    let name = parts.next()?.trim();
    let name = name.rsplit('.').next().unwrap_or(name).to_ascii_uppercase();
    let params: Vec<(String, String)> = parts
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (
                k.trim().to_ascii_uppercase(),
                v.trim_matches('"').to_string(),
            ),
            None => (p.trim().to_ascii_uppercase(), String::new()),
        })
        .collect();
    let mut prop = Prop {
        name,
        params,
        value: value.to_string(),
    };
    if prop.params.iter().any(|(k, v)| {
        k == "QUOTED-PRINTABLE" || (k == "ENCODING" && v.eq_ignore_ascii_case("quoted-printable"))
    }) {
        prop.value = decode_quoted_printable(&prop.value);
    }
    Some(prop)
}

fn decode_quoted_printable(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Unescape `\n`, `\,`, `\;`, `\\` in a text value.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') | Some('N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Split on a separator that is not escaped, then unescape each part.
pub fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            current.push('\\');
            current.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(unescape(&current));
            current.clear();
        } else {
            current.push(c);
        }
    }
    if escaped {
        current.push('\\');
    }
    parts.push(unescape(&current));
    parts
}

/// The card's span as text, for the rejects file.
pub fn span_text(data: &[u8], span: &Range<usize>) -> String {
    String::from_utf8_lossy(&data[span.clone()]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell<'a>(row: &'a SourceRow, label: &str) -> &'a str {
        let i = COLUMNS.iter().position(|(l, _)| *l == label).unwrap();
        &row.cells.as_ref().unwrap()[i]
    }

    #[test]
    fn folded_escaped_cards() {
        let data = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;Marie;;\r\nFN:Ann Lee\r\n\
            EMAIL;TYPE=INTERNET:ann@example.com\r\nEMAIL;TYPE=INTERNET,PREF:ann.lee@example.com\r\n\
            TEL;TYPE=CELL:+1 555 0100\r\nORG:Acme\\, Inc.;Sales\r\nNOTE:line one\\nline two\\; with\r\n  a fold\r\n\
            ADR;TYPE=WORK:;;1 Main St;Springfield;IL;62701;USA\r\nBDAY:1990-01-01\r\nEND:VCARD\r\n\
            \r\nBEGIN:VCARD\nVERSION:4.0\nFN:Björk\nitem1.TEL:tel:+354 555 0100\nEND:VCARD\n";
        let cards = read(data.as_bytes());
        assert_eq!(cards.rows.len(), 2);
        let a = &cards.rows[0];
        assert_eq!(a.line, 1);
        assert_eq!(cell(a, "N (given name)"), "Ann Marie");
        assert_eq!(cell(a, "N (family name)"), "Lee");
        assert_eq!(cell(a, "EMAIL"), "ann.lee@example.com");
        assert_eq!(cell(a, "ORG"), "Acme, Inc.");
        assert_eq!(
            cell(a, "NOTE/ADR"),
            "line one\nline two; with a fold\nAddress (work): 1 Main St, Springfield, IL, 62701, USA"
        );
        let b = &cards.rows[1];
        assert_eq!(b.line, 15);
        assert_eq!(cell(b, "FN"), "Björk");
        assert_eq!(cell(b, "TEL"), "+354 555 0100");
        let ignored: Vec<&str> = cards.ignored.keys().map(String::as_str).collect();
        assert_eq!(
            ignored,
            ["BDAY", "EMAIL (more than one)", "ORG (department)"]
        );
    }

    #[test]
    fn broken_cards_are_rows_with_a_reason() {
        let data = b"hello\nBEGIN:VCARD\nFN:\xff\nEND:VCARD\nBEGIN:VCARD\nFN:x\n";
        let cards = read(data);
        let why: Vec<String> = cards
            .rows
            .iter()
            .map(|r| format!("{}: {}", r.line, r.cells.as_ref().unwrap_err()))
            .collect();
        assert!(why[0].starts_with("1: is outside"), "{why:?}");
        assert!(
            why[1].starts_with("2: line 3: the text is not valid UTF-8"),
            "{why:?}"
        );
        assert!(why[2].starts_with("5: has no END:VCARD"), "{why:?}");
    }

    #[test]
    fn quoted_printable_values_are_decoded() {
        let data = "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=\n=C3=BCrgen\nEND:VCARD\n";
        let cards = read(data.as_bytes());
        assert_eq!(cell(&cards.rows[0], "N (family name)"), "Müller");
        assert_eq!(cell(&cards.rows[0], "N (given name)"), "Jürgen");
    }
}
