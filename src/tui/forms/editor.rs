//! Long notes in `$VISUAL` / `$EDITOR` (fallback `vi`). `update` asks for it with
//! [`Effect::EditText`](crate::tui::effect::Effect::EditText); the loop suspends the terminal, calls
//! [`edit_suspended`], resumes, and sends the result back as
//! [`FormAction::NotesEdited`](super::FormAction::NotesEdited). A failing editor is a message.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::Command;

#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("could not write the temporary file {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("could not start the editor '{editor}': {source}")]
    Spawn { editor: String, source: io::Error },
    #[error("the editor '{editor}' exited with {status}; the notes are unchanged")]
    Failed { editor: String, status: String },
    #[error("could not read the edited notes back: {0}")]
    Read(io::Error),
    #[error("could not set the terminal up again: {0}")]
    Terminal(io::Error),
}

/// The editor to run: `$VISUAL`, then `$EDITOR`, then `vi`.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Edit `text` in `editor` (a shell command line such as `code --wait`) on a temporary file and
/// return what was saved. One trailing newline the editor adds is dropped.
pub fn edit_with(editor: &str, text: &str) -> Result<String, EditorError> {
    let path = std::env::temp_dir().join(format!("rolo-notes-{}.md", uuid::Uuid::new_v4()));
    let file = TempFile(path.clone());
    let write = |path: &PathBuf| -> io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        f.write_all(text.as_bytes())
    };
    write(&path).map_err(|source| EditorError::Write {
        path: path.clone(),
        source,
    })?;
    // through the shell, like git: EDITOR may carry arguments
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("rolo-editor")
        .arg(&file.0)
        .status()
        .map_err(|source| EditorError::Spawn {
            editor: editor.to_string(),
            source,
        })?;
    if !status.success() {
        return Err(EditorError::Failed {
            editor: editor.to_string(),
            status: status.to_string(),
        });
    }
    let mut edited = std::fs::read_to_string(&file.0).map_err(EditorError::Read)?;
    if edited.ends_with('\n') && !text.ends_with('\n') {
        edited.pop();
        if edited.ends_with('\r') {
            edited.pop();
        }
    }
    Ok(edited)
}

/// Removes the temporary file however the edit ends.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Leave the full-screen terminal, run the editor, and come back (alternate screen, raw mode,
/// cleared so the next draw repaints everything). The thin part that needs a real terminal.
pub fn edit_suspended(
    terminal: &mut crate::tui::terminal::Term,
    text: &str,
) -> Result<String, String> {
    crate::tui::terminal::restore();
    let edited = edit_with(&editor_command(), text);
    let resumed = resume(terminal).map_err(EditorError::Terminal);
    match (edited, resumed) {
        (Ok(t), Ok(())) => Ok(t),
        (Err(e), _) | (Ok(_), Err(e)) => Err(e.to_string()),
    }
}

fn resume(terminal: &mut crate::tui::terminal::Term) -> io::Result<()> {
    use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen};
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(io::stdout(), EnterAlternateScreen, Clear(ClearType::All))?;
    // `Terminal::clear` asks the terminal where its cursor is, which can time out right after the
    // editor; a resize to the current size clears and forgets the last frame without asking
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_edits_a_file_with_the_text() {
        let out = edit_with("sed -i -e s/old/new/", "the old notes\nline two").unwrap();
        assert_eq!(out, "the new notes\nline two");
    }

    #[test]
    fn a_trailing_newline_the_editor_adds_is_dropped() {
        let out = edit_with(r#"sh -c 'printf "\nadded\n" >> "$0"'"#, "first").unwrap();
        assert_eq!(out, "first\nadded");
    }

    #[test]
    fn a_failing_editor_is_an_error_not_a_crash() {
        let e = edit_with("false", "keep me").unwrap_err();
        assert!(e.to_string().contains("exited with"), "{e}");
        let e = edit_with("/nonexistent/editor", "x").unwrap_err();
        assert!(matches!(e, EditorError::Failed { .. }), "{e}");
    }
}
