//! Each line's own history (`:` and `/`), kept across sessions like a shell's: Up and Down walk it,
//! only through the entries that start with what was typed; at most [`LIMIT`] entries per line,
//! no two the same in a row. Pure: the file (JSON lines in the state directory) is read and
//! appended to by the worker (`worker/history.rs`); this parses and formats its lines.

use std::path::PathBuf;

/// Entries kept per line.
pub const LIMIT: usize = 500;

/// The file's name in the state directory (next to the logs).
pub const FILE: &str = "line-history.jsonl";

/// Which line an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum LineKind {
    /// The `:` command line.
    #[serde(rename = ":")]
    Command,
    /// The `/` filter bar.
    #[serde(rename = "/")]
    Filter,
}

/// One entry as a line of the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub line: LineKind,
    pub text: String,
}

/// Both lines' entries, oldest first, and where they are kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    pub command: Vec<String>,
    pub filter: Vec<String>,
    /// The file (`None`: not kept, as in tests that do not ask for it).
    pub file: Option<PathBuf>,
    /// A file error was shown once; later ones are not.
    pub reported: bool,
}

impl History {
    pub fn entries(&self, line: LineKind) -> &[String] {
        match line {
            LineKind::Command => &self.command,
            LineKind::Filter => &self.filter,
        }
    }

    fn entries_mut(&mut self, line: LineKind) -> &mut Vec<String> {
        match line {
            LineKind::Command => &mut self.command,
            LineKind::Filter => &mut self.filter,
        }
    }

    /// Add what was entered; `false` (nothing added) when it is blank or the same as the last.
    pub fn push(&mut self, line: LineKind, text: &str) -> bool {
        let text = text.trim();
        let entries = self.entries_mut(line);
        if text.is_empty() || entries.last().is_some_and(|l| l == text) {
            return false;
        }
        entries.push(text.to_string());
        let over = entries.len().saturating_sub(LIMIT);
        entries.drain(..over);
        true
    }

    /// The file's entries arrived: they go before the ones entered since the start.
    pub fn loaded(&mut self, entries: Vec<Entry>) {
        let mut fresh = History::default();
        for e in entries {
            fresh.push(e.line, &e.text);
        }
        for line in [LineKind::Command, LineKind::Filter] {
            for text in self.entries(line).to_vec() {
                fresh.push(line, &text);
            }
        }
        self.command = fresh.command;
        self.filter = fresh.filter;
    }
}

/// The file's text as entries, oldest first; lines that do not read as an entry are skipped
/// (a line cut by a crash, a hand edit).
pub fn parse(text: &str) -> Vec<Entry> {
    text.lines()
        .filter_map(|l| serde_json::from_str::<Entry>(l).ok())
        .filter(|e| !e.text.trim().is_empty())
        .collect()
}

/// An entry as one line of the file (with its newline).
pub fn format(entry: &Entry) -> String {
    // a string and an enum cannot fail to serialize
    let mut line = serde_json::to_string(entry).unwrap_or_default();
    line.push('\n');
    line
}

/// What is kept of a file's entries when it is rewritten: each line's last [`LIMIT`], in order.
pub fn compacted(entries: Vec<Entry>) -> Vec<Entry> {
    let mut h = History::default();
    h.loaded(entries);
    let mut out: Vec<Entry> = Vec::new();
    for line in [LineKind::Command, LineKind::Filter] {
        out.extend(h.entries(line).iter().map(|t| Entry {
            line,
            text: t.clone(),
        }));
    }
    out
}

/// Walking a line's history with Up and Down.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recall {
    /// What was typed before the walk began: only entries starting with it are shown.
    pub draft: String,
    /// What the line held when the walk began: Down past the newest brings it back.
    pub back: String,
    /// The entry shown (an index into the line's entries); `None`: the draft.
    pub at: Option<usize>,
}

impl Recall {
    pub fn start(draft: &str) -> Recall {
        Recall::from(draft, draft)
    }

    /// A walk through the entries starting with `draft`, from a line holding `back` (the `/` bar
    /// opens holding the filter in force, which is not typed: every entry is offered).
    pub fn from(draft: &str, back: &str) -> Recall {
        Recall {
            draft: draft.to_string(),
            back: back.to_string(),
            at: None,
        }
    }

    /// Up: the next older entry that starts with the draft and differs from `shown`; `None` when
    /// there is none (the line stays).
    pub fn older(&mut self, entries: &[String], shown: &str) -> Option<String> {
        let below = self.at.unwrap_or(entries.len());
        let i = (0..below.min(entries.len()))
            .rev()
            .find(|&i| self.fits(&entries[i]) && entries[i] != shown)?;
        self.at = Some(i);
        Some(entries[i].clone())
    }

    /// Down: the next newer entry that fits, or the draft after the newest; `None` when already
    /// on the draft.
    pub fn newer(&mut self, entries: &[String], shown: &str) -> Option<String> {
        let from = self.at? + 1;
        match (from..entries.len()).find(|&i| self.fits(&entries[i]) && entries[i] != shown) {
            Some(i) => {
                self.at = Some(i);
                Some(entries[i].clone())
            }
            None => {
                self.at = None;
                Some(self.back.clone())
            }
        }
    }

    fn fits(&self, entry: &str) -> bool {
        entry.starts_with(self.draft.trim_start())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn push_skips_blanks_and_repeats_and_keeps_the_limit() {
        let mut h = History::default();
        let cases: &[(&str, bool)] = &[
            ("sort city", true),
            ("  ", false),
            ("sort city ", false),
            ("deals open", true),
            ("sort city", true),
        ];
        for (text, added) in cases {
            assert_eq!(h.push(LineKind::Command, text), *added, "{text:?}");
        }
        assert_eq!(
            h.command,
            entries(&["sort city", "deals open", "sort city"])
        );
        assert!(h.filter.is_empty(), "each line has its own");
        for i in 0..LIMIT + 7 {
            h.push(LineKind::Filter, &format!("name~{i}"));
        }
        assert_eq!(h.filter.len(), LIMIT);
        assert_eq!(h.filter[0], "name~7");
        assert_eq!(h.filter[LIMIT - 1], format!("name~{}", LIMIT + 6));
    }

    #[test]
    fn up_and_down_walk_the_entries_that_start_with_the_draft() {
        let e = entries(&[
            "sort city",
            "deals open",
            "sort name",
            "sort name",
            "view 東京 🚀",
        ]);
        // (draft, keys, what the line shows after each)
        type Case<'a> = (&'a str, &'a [char], &'a [Option<&'a str>]);
        let cases: &[Case] = &[
            (
                "",
                &['↑', '↑', '↑', '↑', '↑', '↓', '↓'],
                &[
                    Some("view 東京 🚀"),
                    Some("sort name"),
                    Some("deals open"),
                    Some("sort city"),
                    None,
                    Some("deals open"),
                    Some("sort name"),
                ],
            ),
            (
                "sort",
                &['↑', '↑', '↑', '↓', '↓', '↓'],
                &[
                    Some("sort name"),
                    Some("sort city"),
                    None,
                    Some("sort name"),
                    Some("sort"),
                    None,
                ],
            ),
            (
                "view 東",
                &['↑', '↓'],
                &[Some("view 東京 🚀"), Some("view 東")],
            ),
            ("zzz", &['↑', '↓'], &[None, None]),
        ];
        for (draft, keys, want) in cases {
            let mut r = Recall::start(draft);
            let mut shown = draft.to_string();
            for (k, w) in keys.iter().zip(want.iter()) {
                let got = if *k == '↑' {
                    r.older(&e, &shown)
                } else {
                    r.newer(&e, &shown)
                };
                assert_eq!(got.as_deref(), *w, "draft {draft:?}, {k} after {shown:?}");
                if let Some(g) = got {
                    shown = g;
                }
            }
        }
    }

    #[test]
    fn the_file_reads_back_what_was_written_and_skips_damaged_lines() {
        let written = [
            Entry {
                line: LineKind::Command,
                text: "save Big \"🚀\" deals\\n".into(),
            },
            Entry {
                line: LineKind::Filter,
                text: "owner:\"Ada Lovelace\" 東京".into(),
            },
        ];
        let mut text: String = written.iter().map(format).collect();
        assert_eq!(text.lines().count(), 2, "one line each: {text}");
        text.push_str("{\"line\":\"/\",\"te\n\nnot json\n{\"line\":\"?\",\"text\":\"x\"}\n");
        assert_eq!(parse(&text), written.to_vec());
    }

    #[test]
    fn loading_puts_the_file_first_and_compacting_keeps_each_lines_last() {
        let mut h = History::default();
        h.push(LineKind::Command, "q");
        let from_file = vec![
            Entry {
                line: LineKind::Command,
                text: "sort city".into(),
            },
            Entry {
                line: LineKind::Command,
                text: "q".into(),
            },
        ];
        h.loaded(from_file);
        assert_eq!(
            h.command,
            entries(&["sort city", "q"]),
            "no repeat at the seam"
        );
        let many: Vec<Entry> = (0..LIMIT * 3)
            .map(|i| Entry {
                line: if i % 3 == 0 {
                    LineKind::Filter
                } else {
                    LineKind::Command
                },
                text: format!("x{i}"),
            })
            .collect();
        let kept = compacted(many);
        assert_eq!(kept.len(), LIMIT * 2);
        // 1,000 commands (x1, x2, x4, x5, …): the last 500 start at x751; all 500 filters stay
        assert_eq!(kept[0].text, "x751");
        assert_eq!(kept[LIMIT].text, "x0");
    }
}
