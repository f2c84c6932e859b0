//! The line history's writer: one thread that appends each entry to the file as soon as it is
//! entered (and syncs it), in the order entered. Quitting waits for it: [`Writer::finish`] (also
//! run when the writer is dropped, so on every way out of the event loop, an error or a panic
//! included) closes its queue and waits until every entry in it is written. The entries a
//! blocking-pool job would have written could be lost when `q` ends the process at once.

use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Mutex;
use std::thread::JoinHandle;

use tokio::sync::mpsc::UnboundedSender;

use super::history::append;
use crate::tui::action::Action;
use crate::tui::history::Entry;

type Queue = mpsc::Sender<(PathBuf, Entry)>;

pub struct Writer {
    queue: Mutex<Option<Queue>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Writer {
    /// Start the thread; each entry's result comes back as [`Action::HistorySaved`].
    pub fn spawn(tx: UnboundedSender<Action>) -> Writer {
        let (queue, entries) = mpsc::channel::<(PathBuf, Entry)>();
        let thread = std::thread::Builder::new()
            .name("rolo-history".into())
            .spawn(move || {
                for (path, entry) in entries {
                    let _ = tx.send(Action::HistorySaved(append(&path, &entry)));
                }
            })
            .ok();
        Writer {
            // without a thread (none could be started) entries are written where they are sent
            queue: Mutex::new(thread.as_ref().map(|_| queue)),
            thread: Mutex::new(thread),
        }
    }

    /// Queue an entry; without a thread, write it now. The result of a direct write is
    /// returned (`None`: queued).
    pub fn send(&self, path: PathBuf, entry: Entry) -> Option<Action> {
        let item = match self.queue.lock().ok().as_ref().and_then(|q| q.as_ref()) {
            Some(q) => match q.send((path, entry)) {
                Ok(()) => return None,
                Err(mpsc::SendError(item)) => item,
            },
            None => (path, entry),
        };
        Some(Action::HistorySaved(append(&item.0, &item.1)))
    }

    /// Close the queue and wait until every entry in it is in the file.
    pub fn finish(&self) {
        if let Ok(mut q) = self.queue.lock() {
            q.take();
        }
        let thread = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(t) = thread {
            let _ = t.join();
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::history::{parse, LineKind};

    fn entry(i: usize) -> Entry {
        Entry {
            line: LineKind::Command,
            text: format!("sort city {i}"),
        }
    }

    #[test]
    fn every_entry_sent_before_finish_is_in_the_file_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/line-history.jsonl");
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let w = Writer::spawn(tx);
        for i in 0..200 {
            assert!(w.send(path.clone(), entry(i)).is_none(), "queued");
        }
        w.finish();
        let text = std::fs::read_to_string(&path).unwrap();
        let want: Vec<Entry> = (0..200).map(entry).collect();
        assert_eq!(parse(&text), want);
        let mut saved = 0;
        while let Ok(a) = rx.try_recv() {
            assert_eq!(a, Action::HistorySaved(Ok(())));
            saved += 1;
        }
        assert_eq!(saved, 200);
        // after finish an entry is written straight away
        assert_eq!(
            w.send(path.clone(), entry(200)),
            Some(Action::HistorySaved(Ok(())))
        );
        assert_eq!(parse(&std::fs::read_to_string(&path).unwrap()).len(), 201);
    }

    #[test]
    fn a_panic_after_an_entry_still_leaves_it_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("line-history.jsonl");
        let p = path.clone();
        let result = std::panic::catch_unwind(move || {
            let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
            // as the event loop holds it: dropped while the panic unwinds
            let w = Writer::spawn(tx);
            for i in 0..50 {
                w.send(p.clone(), entry(i));
            }
            panic!("a bug right after the line was entered");
        });
        assert!(result.is_err());
        let got = parse(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(got, (0..50).map(entry).collect::<Vec<_>>());
    }
}
