//! Writing the config file: one key changed, everything else (other keys, comments, layout) kept.
//! A symlinked config file is written through (its target changes, the link stays), and the new
//! text replaces the old in one rename, so a crash leaves the old file or the new one.

use std::path::{Path, PathBuf};

use crate::error::AppError;

/// How many links deep a config path may be before it is taken for a loop.
const MAX_LINKS: usize = 40;

fn config_error(path: &Path, what: impl std::fmt::Display) -> AppError {
    AppError::Config(format!("{}: {what}", path.display()))
}

/// The file a path names after following its symlinks (the path itself when it is not one, or
/// does not exist yet). A dangling link resolves to where it points, which is then created.
pub fn resolve_links(path: &Path) -> Result<PathBuf, AppError> {
    let mut at = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&at)
                    .map_err(|e| config_error(&at, format!("cannot read the link: {e}")))?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(config_error(path, "too many levels of symbolic links"))
}

/// `text` with `key` set to the string `value`: the key keeps its place and the comment above it
/// when it was there, else it goes after the other top-level keys (before any `[table]`).
pub fn set_string(text: &str, key: &str, value: &str) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string().trim().to_string())?;
    match doc.get_mut(key) {
        Some(item) if item.is_value() => {
            // keep a comment after the value on its line
            let suffix = item
                .as_value()
                .and_then(|v| v.decor().suffix())
                .and_then(|s| s.as_str())
                .map(str::to_string);
            let mut new = toml_edit::Value::from(value);
            if let Some(s) = suffix {
                new.decor_mut().set_suffix(s);
            }
            *item = toml_edit::Item::Value(new);
        }
        Some(_) => return Err(format!("'{key}' is a table here, not a value")),
        None => {
            doc.insert(key, toml_edit::value(value));
        }
    }
    Ok(doc.to_string())
}

/// Set `key = "value"` in the config file at `path` (created with its folder if missing) and
/// return the file written (the symlink's target when `path` is a link).
pub fn save_string(path: &Path, key: &str, value: &str) -> Result<PathBuf, AppError> {
    let target = resolve_links(path)?;
    let (text, permissions) = match std::fs::read_to_string(&target) {
        Ok(text) => (
            text,
            std::fs::metadata(&target).ok().map(|m| m.permissions()),
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), None),
        Err(e) => return Err(config_error(&target, format!("cannot read: {e}"))),
    };
    // a file that does not read is not overwritten: the user's text is theirs to fix
    let new = set_string(&text, key, value).map_err(|e| config_error(&target, e))?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| config_error(&dir, format!("cannot create the folder: {e}")))?;
    let name = target.file_name().map_or_else(
        || "config.toml".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        std::fs::write(&temp, new.as_bytes())?;
        if let Some(p) = permissions {
            std::fs::set_permissions(&temp, p)?;
        }
        std::fs::File::open(&temp)?.sync_all()?;
        std::fs::rename(&temp, &target)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(config_error(&target, format!("cannot write: {e}")));
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_a_key_keeps_the_other_keys_and_the_comments() {
        let text = "# my rolo\ndatabase = 'postgres://h/db' # the shared one\n\n[keys]\n# mine\ndelete = [\"D\"]\n";
        let out = set_string(text, "user", "ada@example.com").unwrap();
        assert_eq!(
            out,
            "# my rolo\ndatabase = 'postgres://h/db' # the shared one\nuser = \"ada@example.com\"\n\n[keys]\n# mine\ndelete = [\"D\"]\n"
        );
        // an existing key is changed in place, its comments kept
        let text = "# who I am\nuser = \"old@example.com\" # set by rolo\nstart = \"deals\"\n";
        let out = set_string(text, "user", "new@example.com").unwrap();
        assert_eq!(
            out,
            "# who I am\nuser = \"new@example.com\" # set by rolo\nstart = \"deals\"\n"
        );
        // whatever quoting the value needs, it reads back as it was
        let odd = "a\"b'c\\d@example.com";
        let back: crate::config::FileConfig =
            toml::from_str(&set_string("", "user", odd).unwrap()).unwrap();
        assert_eq!(back.user.as_deref(), Some(odd));
        let err = set_string("user = [", "user", "x").unwrap_err();
        assert!(!err.is_empty());
        let err = set_string("[user]\nx = 1\n", "user", "x").unwrap_err();
        assert!(err.contains("table"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_created_and_a_symlink_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("new/folder/config.toml");
        assert_eq!(save_string(&fresh, "user", "a@example.com").unwrap(), fresh);
        let c = crate::config::load_file(&fresh).unwrap();
        assert_eq!(c.user.as_deref(), Some("a@example.com"));

        let real = dir.path().join("dotfiles/rolo.toml");
        std::fs::create_dir_all(real.parent().unwrap()).unwrap();
        std::fs::write(&real, "start = 'deals'\n").unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink("dotfiles/rolo.toml", &link).unwrap();
        assert_eq!(save_string(&link, "user", "b@example.com").unwrap(), real);
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read_to_string(&real).unwrap(),
            "start = 'deals'\nuser = \"b@example.com\"\n"
        );
        // no temporary file is left beside it
        let left: Vec<_> = std::fs::read_dir(real.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 1, "{left:?}");

        // a malformed file is left alone, and the error names it
        std::fs::write(&real, "start = \n").unwrap();
        let err = save_string(&link, "user", "c@example.com")
            .unwrap_err()
            .to_string();
        assert!(err.contains("rolo.toml"), "{err}");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "start = \n");

        // a loop of links is an error, not a hang
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let err = save_string(&a, "user", "x@example.com")
            .unwrap_err()
            .to_string();
        assert!(err.contains("symbolic links"), "{err}");
    }
}
