//! Writing a file the user named (`export --file`, `backup PATH`, `import --rejects`), in one
//! place, so no command replaces something that is not a file:
//!
//! * A symbolic link is followed to its target (relative links against the link's folder); the
//!   link itself is never replaced.
//! * A regular file (or a new one) is written under a temporary name next to the final target and
//!   moved into place on [`OutFile::commit`]: nobody ever sees half a file, and a failed write
//!   leaves nothing behind (the temporary is removed when the `OutFile` is dropped uncommitted).
//!   With [`Overwrite::Refuse`] the move is a hard link, which fails instead of replacing a file
//!   that appeared in the meantime.
//! * A FIFO or a character device (`/dev/null`, `/dev/stdout`, a terminal) is written directly.
//! * Anything else (a directory, a socket, a block device) is refused with a message naming it.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::TransferError;

/// May an existing regular file be replaced?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Replace,
    /// "exists; choose another path" (backups).
    Refuse,
}

/// Follow symbolic links to the path that will really be written (which may not exist yet).
pub fn resolve_links(path: &Path) -> Result<PathBuf, TransferError> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&at).map_err(|e| TransferError::io(&at, e))?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(TransferError::Usage(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// What a resolved path is, for writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutTarget {
    /// No such file yet.
    New,
    Regular,
    /// A FIFO or a character device: written in place.
    Stream,
}

/// Classify `target` (already resolved), refusing what cannot be written.
pub fn kind(shown: &Path, target: &Path, overwrite: Overwrite) -> Result<OutTarget, TransferError> {
    let meta = match std::fs::metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(OutTarget::New),
        Err(e) => return Err(TransferError::io(shown, e)),
    };
    let t = meta.file_type();
    let what = if t.is_file() {
        return match overwrite {
            Overwrite::Replace => Ok(OutTarget::Regular),
            Overwrite::Refuse => Err(TransferError::Usage(format!(
                "{} exists; choose another path (backups never overwrite a file)",
                shown.display()
            ))),
        };
    } else if t.is_dir() {
        "a directory"
    } else {
        match special(&t) {
            Special::Stream => return Ok(OutTarget::Stream),
            Special::Refused(what) => what,
        }
    };
    Err(TransferError::Usage(format!(
        "{} is {what}; give the path of a file to write",
        shown.display()
    )))
}

enum Special {
    Stream,
    Refused(&'static str),
}

#[cfg(unix)]
fn special(t: &std::fs::FileType) -> Special {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() || t.is_char_device() {
        Special::Stream
    } else if t.is_socket() {
        Special::Refused("a socket")
    } else if t.is_block_device() {
        Special::Refused("a block device")
    } else {
        Special::Refused("not a regular file")
    }
}

#[cfg(not(unix))]
fn special(_: &std::fs::FileType) -> Special {
    Special::Refused("not a regular file")
}

/// A file being written; see the module documentation.
pub struct OutFile {
    shown: PathBuf,
    target: PathBuf,
    /// The temporary next to `target`, for a regular (or new) file.
    temp: Option<PathBuf>,
    overwrite: Overwrite,
    out: Option<BufWriter<File>>,
}

impl OutFile {
    pub fn create(path: &Path, overwrite: Overwrite) -> Result<OutFile, TransferError> {
        let target = resolve_links(path)?;
        let kind = kind(path, &target, overwrite)?;
        let (file, temp) = match kind {
            OutTarget::Stream => {
                let f = OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(|e| TransferError::io(path, e))?;
                (f, None)
            }
            OutTarget::New | OutTarget::Regular => {
                let (f, temp) = temp_next_to(&target).map_err(|e| TransferError::io(path, e))?;
                if kind == OutTarget::Regular {
                    // the replacement keeps the file's permissions
                    if let Ok(m) = std::fs::metadata(&target) {
                        let _ = f.set_permissions(m.permissions());
                    }
                }
                (f, Some(temp))
            }
        };
        Ok(OutFile {
            shown: path.to_path_buf(),
            target,
            temp,
            overwrite,
            out: Some(BufWriter::with_capacity(1 << 16, file)),
        })
    }

    /// The temporary file when the target is a regular file (for writers that need a path, such
    /// as SQLite's `VACUUM INTO`); `None` for a FIFO or a device.
    pub fn temp_path(&self) -> Option<&Path> {
        self.temp.as_deref()
    }

    /// The path as the user gave it.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// An I/O error on this file, for `map_err`.
    pub fn error(&self, e: io::Error) -> TransferError {
        TransferError::io(&self.shown, e)
    }

    /// Flush, and move the temporary into place.
    pub fn commit(mut self) -> Result<(), TransferError> {
        if let Some(out) = self.out.take() {
            let file = out.into_inner().map_err(|e| self.error(e.into_error()))?;
            if self.temp.is_some() {
                file.sync_all().map_err(|e| self.error(e))?;
            }
        }
        let Some(temp) = self.temp.take() else {
            return Ok(());
        };
        let placed = match self.overwrite {
            Overwrite::Replace => std::fs::rename(&temp, &self.target),
            // a link fails if the name exists, where a rename would replace it
            Overwrite::Refuse => std::fs::hard_link(&temp, &self.target).map(|()| {
                let _ = std::fs::remove_file(&temp);
            }),
        };
        if let Err(e) = placed {
            let _ = std::fs::remove_file(&temp);
            return Err(match e.kind() {
                io::ErrorKind::AlreadyExists => TransferError::Usage(format!(
                    "{} exists; choose another path (backups never overwrite a file)",
                    self.shown.display()
                )),
                _ => self.error(e),
            });
        }
        Ok(())
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.out.as_mut() {
            Some(out) => out.write(buf),
            None => Err(io::Error::other("already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.out.as_mut() {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for OutFile {
    fn drop(&mut self) {
        drop(self.out.take());
        if let Some(temp) = self.temp.take() {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// A new, empty, uniquely named file in `target`'s folder: `.name.<random>.part`.
fn temp_next_to(target: &Path) -> io::Result<(File, PathBuf)> {
    let dir = match target.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "rolo".into());
    loop {
        let temp = dir.join(format!(".{name}.{}.part", uuid::Uuid::new_v4().simple()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(f) => return Ok((f, temp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("rolo-out-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir(&d).unwrap();
        d
    }

    fn write(path: &Path, overwrite: Overwrite, text: &str) -> Result<(), TransferError> {
        let mut f = OutFile::create(path, overwrite)?;
        f.write_all(text.as_bytes()).unwrap();
        f.commit()
    }

    #[test]
    fn a_symlink_is_written_through_and_stays_a_link() {
        let d = dir();
        std::fs::write(d.join("target.csv"), "old").unwrap();
        std::os::unix::fs::symlink("target.csv", d.join("link.csv")).unwrap();
        write(&d.join("link.csv"), Overwrite::Replace, "new").unwrap();
        let link = std::fs::symlink_metadata(d.join("link.csv")).unwrap();
        assert!(link.file_type().is_symlink());
        assert_eq!(
            std::fs::read_to_string(d.join("target.csv")).unwrap(),
            "new"
        );
        // a dangling link creates its target
        std::os::unix::fs::symlink("made.csv", d.join("dangling.csv")).unwrap();
        write(&d.join("dangling.csv"), Overwrite::Refuse, "x").unwrap();
        assert_eq!(std::fs::read_to_string(d.join("made.csv")).unwrap(), "x");
        let left: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".part"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        std::fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn refuse_never_replaces_and_a_failed_write_leaves_nothing() {
        let d = dir();
        let p = d.join("b.db");
        std::fs::write(&p, "keep").unwrap();
        let e = write(&p, Overwrite::Refuse, "new").unwrap_err();
        assert!(e.to_string().contains("exists"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "keep");
        let q = d.join("c.db");
        {
            let mut f = OutFile::create(&q, Overwrite::Refuse).unwrap();
            f.write_all(b"half").unwrap();
            // dropped without commit: a failure
        }
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1, "only b.db");
        std::fs::remove_dir_all(d).unwrap();
    }

    #[test]
    fn devices_are_written_in_place_and_directories_refused() {
        write(Path::new("/dev/null"), Overwrite::Replace, "x").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
        let d = dir();
        let e = write(&d, Overwrite::Replace, "x").unwrap_err();
        assert!(e.to_string().contains("is a directory"), "{e}");
        std::fs::remove_dir_all(d).unwrap();
    }
}
