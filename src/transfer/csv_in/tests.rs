use super::*;
use crate::transfer::source::SourceRow;

fn rows(data: &[u8]) -> (CsvFile, Vec<SourceRow>) {
    let f = CsvFile::from_bytes(data.to_vec(), None).unwrap();
    let rows = f.rows().unwrap().collect::<Result<Vec<_>, _>>().unwrap();
    (f, rows)
}

#[test]
fn bom_crlf_semicolons_and_quoted_newlines() {
    let data = b"\xEF\xBB\xBFName;Notes\r\nAnn;\"two\r\nlines; \"\"quoted\"\"\"\r\n\r\n;;\r\nBob;x";
    let (f, rows) = rows(data);
    assert_eq!(f.delimiter, b';');
    assert!(f.crlf);
    assert_eq!(f.headers, ["Name", "Notes"]);
    let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 5, 6]);
    assert_eq!(
        rows[0].cells.as_ref().unwrap(),
        &["Ann", "two\nlines; \"quoted\""]
    );
    assert_eq!(
        &data[rows[0].span.clone()],
        b"Ann;\"two\r\nlines; \"\"quoted\"\"\""
    );
    assert_eq!(rows[1].cells.as_ref().unwrap(), &["", ""]);
    assert_eq!(&data[rows[2].span.clone()], b"Bob;x");
}

#[test]
fn delimiters_are_detected_outside_quotes() {
    assert_eq!(detect_delimiter(b"a,b,c\n"), b',');
    assert_eq!(detect_delimiter(b"\"a,b\";c;d\n1;2;3"), b';');
    assert_eq!(detect_delimiter(b"a\tb\tc"), b'\t');
    assert_eq!(detect_delimiter(b"a|b|c"), b'|');
    assert_eq!(detect_delimiter(b"single"), b',');
}

#[test]
fn bad_rows_name_their_problem() {
    let (_, rows) = rows(b"a,b\n1,2,3\n\xff,x\n4\n");
    assert!(rows[0].cells.as_ref().unwrap_err().contains("has 3 cells"));
    let bad = rows[1].cells.as_ref().unwrap_err();
    assert!(bad.contains("not valid UTF-8"), "{bad}");
    assert_eq!(rows[1].line, 3);
    assert_eq!(rows[2].cells.as_ref().unwrap(), &["4", ""]);
    let header = CsvFile::from_bytes(b"a,\xfe\n".to_vec(), None)
        .err()
        .unwrap();
    assert!(header.contains("line 1 (the header), column 2"), "{header}");
}

#[test]
fn a_file_streams_to_the_same_rows_as_memory() {
    // rows of varied sizes, quoted line breaks and CRLF, across many 64 KiB read buffers
    let mut data = b"\xEF\xBB\xBFName;Notes\r\n".to_vec();
    // (line, bytes without the terminator) of each row, worked out independently
    let mut want = Vec::new();
    let mut line = 2;
    for i in 0..3000 {
        let note = "x".repeat(i % 700);
        let (row, end) = match i % 4 {
            0 => (format!("Row {i};\"{note}\r\nline two\""), "\r\n"),
            1 => (format!("Row {i};{note}"), "\r\n\r\n"),
            2 => (format!("Row {i};\"a \"\"q\"\" b\""), "\r\n"),
            _ => (format!("✓ {i};{note}"), "\r\n"),
        };
        want.push((line, row.clone().into_bytes()));
        line += newlines(row.as_bytes()) + newlines(end.as_bytes());
        data.extend_from_slice(row.as_bytes());
        data.extend_from_slice(end.as_bytes());
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    std::fs::write(&path, &data).unwrap();
    let file = CsvFile::read(&path, None).unwrap();
    let (mem, expected) = rows(&data);
    assert_eq!(file.headers, mem.headers);
    assert_eq!(file.len(), data.len() as u64);
    assert_eq!(file.newlines().unwrap(), newlines(&data));
    let streamed = file.rows().unwrap().collect::<Result<Vec<_>, _>>().unwrap();
    assert_eq!(streamed.len(), 3000);
    assert_eq!(streamed, expected);
    let got: Vec<(u64, Vec<u8>)> = streamed
        .iter()
        .map(|r| (r.line, data[r.span.clone()].to_vec()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        streamed[0].cells.as_ref().unwrap()[1],
        format!("{}\nline two", "")
    );
    let mut spans = file.spans();
    for r in streamed.iter().step_by(97) {
        assert_eq!(spans.get(r.span.clone()).unwrap(), &data[r.span.clone()]);
    }
    assert_eq!(file.header_line, b"Name;Notes");
}
