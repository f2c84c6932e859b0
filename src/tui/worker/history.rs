//! The line history's file (`history::FILE` in the state directory), read at the start and
//! appended to after each entered line, off the UI thread. Appending (rather than rewriting)
//! keeps what two rolo sessions enter at once. Like every file rolo writes
//! (`transfer::out_file`), a symbolic link is followed to its target and stays a link; anything
//! but a regular file there (a FIFO, a directory, a device) is refused with a message, never
//! opened. A file grown past four times what is kept is rewritten with what is kept.

use std::io::Write;
use std::path::Path;

use crate::transfer::out_file::{resolve_links, OutFile, Overwrite};
use crate::tui::history::{compacted, format, parse, Entry, LIMIT};

/// What a history file error says (once, in the status line).
fn failed(path: &Path, what: &str, e: impl std::fmt::Display) -> String {
    format!("line history {}: {what}: {e}", path.display())
}

/// Whether `path` (links followed) may be read and written: missing, or a regular file.
fn check(path: &Path) -> Result<Option<std::path::PathBuf>, String> {
    let target = resolve_links(path).map_err(|e| e.to_string())?;
    match std::fs::metadata(&target) {
        Ok(m) if m.is_file() => Ok(Some(target)),
        Ok(m) => Err(format!(
            "line history {} is {}, not a file; it is left alone (history is not kept)",
            path.display(),
            if m.is_dir() {
                "a directory"
            } else {
                "not a regular file"
            }
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(failed(path, "cannot read it", e)),
    }
}

/// The entries kept in the file, oldest first (none when there is no file yet).
pub fn load(path: &Path) -> Result<Vec<Entry>, String> {
    let Some(target) = check(path)? else {
        return Ok(vec![]);
    };
    let bytes = std::fs::read(&target).map_err(|e| failed(path, "cannot read it", e))?;
    let entries = parse(&String::from_utf8_lossy(&bytes));
    if entries.len() > LIMIT * 4 {
        let kept = compacted(entries);
        let mut out = OutFile::create(path, Overwrite::Replace).map_err(|e| e.to_string())?;
        let text: String = kept.iter().map(format).collect();
        out.write_all(text.as_bytes())
            .map_err(|e| failed(path, "cannot write it", e))?;
        out.commit().map_err(|e| e.to_string())?;
        return Ok(kept);
    }
    Ok(entries)
}

/// Add one entry at the end of the file (created, readable only by you, when missing).
pub fn append(path: &Path, entry: &Entry) -> Result<(), String> {
    let target = match check(path)? {
        Some(t) => t,
        None => {
            let target = resolve_links(path).map_err(|e| e.to_string())?;
            if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| failed(path, "cannot create its folder", e))?;
            }
            target
        }
    };
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&target)
        .map_err(|e| failed(path, "cannot write it", e))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(format!(
            "line history {} is not a regular file; it is left alone",
            path.display()
        ));
    }
    // on the disk when it is made, not when the system gets round to it
    file.write_all(format(entry).as_bytes())
        .and_then(|()| file.sync_data())
        .map_err(|e| failed(path, "cannot write it", e))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::tui::history::LineKind;

    fn entry(text: &str) -> Entry {
        Entry {
            line: LineKind::Filter,
            text: text.into(),
        }
    }

    #[test]
    fn appends_through_a_link_and_reads_back() {
        let d = tempfile::tempdir().unwrap();
        let real = d.path().join("real.jsonl");
        let link = d.path().join("state").join("history.jsonl");
        // a missing folder is made; a missing file is none yet
        assert_eq!(load(&d.path().join("none.jsonl")), Ok(vec![]));
        append(&d.path().join("new/dir/h.jsonl"), &entry("東京")).unwrap();
        std::fs::create_dir(d.path().join("state")).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        append(&link, &entry("industry:software")).unwrap();
        append(&link, &entry("owner:me 🚀")).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            load(&link).unwrap(),
            vec![entry("industry:software"), entry("owner:me 🚀")]
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_fifo_or_a_directory_is_refused_not_opened() {
        let d = tempfile::tempdir().unwrap();
        let fifo = d.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // neither call blocks waiting for a reader or writer
        let e = load(&fifo).unwrap_err();
        assert!(e.contains("not a regular file"), "{e}");
        let e = append(&fifo, &entry("x")).unwrap_err();
        assert!(e.contains("not a regular file"), "{e}");
        let e = append(d.path(), &entry("x")).unwrap_err();
        assert!(e.contains("a directory"), "{e}");
    }

    #[test]
    fn a_long_file_is_rewritten_with_what_is_kept() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("h.jsonl");
        let text: String = (0..LIMIT * 5)
            .map(|i| format(&entry(&format!("x{i}"))))
            .collect();
        std::fs::write(&p, text).unwrap();
        let kept = load(&p).unwrap();
        assert_eq!(kept.len(), LIMIT);
        assert_eq!(kept[0].text, format!("x{}", LIMIT * 4));
        assert_eq!(parse(&std::fs::read_to_string(&p).unwrap()), kept);
    }
}
