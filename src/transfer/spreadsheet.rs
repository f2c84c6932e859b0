//! CSV for spreadsheets (OWASP "CSV injection"): a cell that starts with `=`, `+`, `-`, `@`, tab
//! or carriage return is a formula to Excel, LibreOffice and Google Sheets, so a company named
//! `=HYPERLINK("http://evil.example", "click")` would run when the file is opened. A guarded
//! export puts a single quote before such cells, which spreadsheets show as text.
//!
//! The guard is reversible, so rolo's own files import back exactly: a cell is guarded when,
//! after any leading quotes, it starts with one of those characters (so a value that already
//! starts with `'=` gets a second quote), and [`unguard`] removes exactly one quote from such a
//! cell. Plain numbers such as `-12.50` or `+3` are left alone: they are not formulas.
//!
//! A guarded file starts with a UTF-8 byte-order mark ([`MARK`], which also makes Excel read it
//! as UTF-8); the importer removes guards only from files that start with it.

use std::borrow::Cow;

/// The byte-order mark a spreadsheet-safe file starts with.
pub const MARK: &[u8] = b"\xEF\xBB\xBF";

fn is_trigger(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// `-12.50`, `+3`, `42`: an optional sign, digits, at most one decimal point.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty() && all_digits(whole) && frac.is_none_or(|f| !f.is_empty() && all_digits(f))
}

/// Does a spreadsheet read this cell as a formula (or would [`unguard`] change it)?
pub fn needs_guard(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .chars()
        .next()
        .is_some_and(is_trigger)
        && !is_plain_number(cell)
}

/// The cell as a spreadsheet-safe export writes it.
pub fn guard(cell: &str) -> Cow<'_, str> {
    if needs_guard(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The value of a cell read from a spreadsheet-safe file.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_numbers_and_text_are_not() {
        for (value, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1 555 0100", "'+1 555 0100"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=already", "''=already"),
            ("-", "'-"),
            ("-12.50", "-12.50"),
            ("+3", "+3"),
            ("42", "42"),
            ("Acme", "Acme"),
            ("it's", "it's"),
            ("'quoted'", "'quoted'"),
            ("", ""),
        ] {
            assert_eq!(guard(value), written, "{value:?}");
            assert_eq!(unguard(&guard(value)), value, "{value:?} back");
        }
    }

    #[test]
    fn unguard_only_removes_a_guard() {
        assert_eq!(unguard("'abc"), "'abc");
        assert_eq!(unguard("'-12.50"), "'-12.50");
        assert_eq!(unguard("-12.50"), "-12.50");
        assert_eq!(unguard("''=x"), "'=x");
    }
}
