//! The real binary's first run in tmux with no acting user (no --as, ROLO_USER or config `user`)
//! on a SQLite file: it asks who you are, the choice lands in the config file (comments and other
//! keys kept, a symlinked file written through), and the next start acts as that user without
//! asking. Deadlines are for "the screen never showed X", not speed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common;

const BIN: &str = env!("CARGO_BIN_EXE_rolo");

fn tmux(socket: &str, args: &[&str]) -> Output {
    Command::new("tmux")
        .arg("-L")
        .arg(socket)
        .args(args)
        .output()
        .expect("tmux must be installed for the end-to-end TUI tests (apt-get install tmux)")
}

struct Session {
    socket: String,
}

impl Session {
    /// rolo in a detached tmux session on the data dir, the config file at `config`.
    fn start(data: &Path, config: &Path, width: u16, height: u16) -> Session {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let s = Session {
            socket: format!("rolo-first-{}-{nanos}", std::process::id()),
        };
        let cmd = format!(
            "env -u ROLO_USER -u ROLO_DATABASE_URL ROLO_DATA_DIR={} ROLO_CONFIG={} TERM=xterm-256color {}={} TZ=UTC {}",
            data.display(),
            config.display(),
            rolo::domain::clock::ENV,
            common::now_env(),
            BIN
        );
        let (w, h) = (width.to_string(), height.to_string());
        let out = tmux(
            &s.socket,
            &["new-session", "-d", "-s", "rolo", "-x", &w, "-y", &h, &cmd],
        );
        assert!(out.status.success(), "{out:?}");
        s
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let out = match k.strip_prefix("lit:") {
                Some(text) => tmux(&self.socket, &["send-keys", "-t", "rolo", "-l", text]),
                None => tmux(&self.socket, &["send-keys", "-t", "rolo", k]),
            };
            assert!(out.status.success(), "{out:?}");
        }
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&tmux(&self.socket, &["capture-pane", "-p", "-t", "rolo"]).stdout)
            .to_string()
    }

    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never showed {needle:?}; last screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn quit(&self) {
        self.keys(&["q"]);
        let deadline = Instant::now() + Duration::from_secs(30);
        while tmux(&self.socket, &["has-session", "-t", "rolo"])
            .status
            .success()
        {
            assert!(
                Instant::now() < deadline,
                "rolo did not quit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = tmux(&self.socket, &["kill-server"]);
    }
}

fn cli(data: &Path, config: &Path, args: &[&str]) -> Output {
    common::rolo_command()
        .args(args)
        .env("ROLO_DATA_DIR", data)
        .env("ROLO_CONFIG", config)
        .env_remove("ROLO_USER")
        .env_remove("ROLO_DATABASE_URL")
        .output()
        .unwrap()
}

#[test]
fn the_first_run_asks_who_you_are_and_the_next_start_remembers() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_path_buf();
    // the config file is a symlink into "dotfiles", with a comment and a key of its own
    let real: PathBuf = data.join("dotfiles/rolo.toml");
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    std::fs::write(&real, "# my settings\nstart = \"companies\"\n").unwrap();
    let config = data.join("config.toml");
    std::os::unix::fs::symlink(&real, &config).unwrap();
    let seeded = cli(&data, &config, &["seed", "demo"]);
    assert!(seeded.status.success(), "{seeded:?}");

    let s = Session::start(&data, &config, 80, 24);
    s.wait_for("Who are you?");
    let screen = s.wait_for("Jordan Patel");
    assert!(screen.contains("no user — edits anonymous"), "{screen}");
    s.keys(&["lit:jordan", "Enter"]);
    let screen = s.wait_for("You are Jordan Patel");
    assert!(screen.contains("jordan.patel@rolo.example"), "{screen}");
    s.quit();

    assert!(std::fs::symlink_metadata(&config)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        "# my settings\nstart = \"companies\"\nuser = \"jordan.patel@rolo.example\"\n"
    );

    // the next start acts as Jordan at once, without asking
    let s = Session::start(&data, &config, 120, 40);
    let screen = s.wait_for("jordan.patel@rolo.example");
    assert!(!screen.contains("Who are you?"), "{screen}");
    // and a company made now is Jordan's (the owner defaults to the acting user)
    s.keys(&["n", "lit:Dragon 龍 Co", "C-s"]);
    s.wait_for("Saved Dragon 龍 Co");
    s.quit();
    let out = cli(&data, &config, &["companies", "list", "--output", "json"]);
    assert!(out.status.success(), "{out:?}");
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dragon = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Dragon 龍 Co")
        .unwrap_or_else(|| panic!("no Dragon 龍 Co in {rows}"));
    let who = cli(&data, &config, &["users", "list", "--output", "json"]);
    let users: serde_json::Value = serde_json::from_slice(&who.stdout).unwrap();
    let jordan = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "jordan.patel@rolo.example")
        .unwrap();
    assert_eq!(dragon["owner_id"], jordan["id"], "{dragon}");
}

#[test]
fn skipping_leaves_edits_anonymous_and_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_path_buf();
    let config = data.join("config.toml");
    let seeded = cli(&data, &config, &["seed", "demo"]);
    assert!(seeded.status.success(), "{seeded:?}");
    let s = Session::start(&data, &config, 120, 40);
    s.wait_for("Who are you?");
    s.keys(&["Escape"]);
    s.wait_for("No acting user: edits are anonymous");
    s.keys(&["n", "lit:Nobody One", "C-s"]);
    let screen = s.wait_for("Saved Nobody One");
    assert!(
        screen.contains("no acting user: recorded without an author"),
        "{screen}"
    );
    s.keys(&["n", "lit:Nobody Two", "C-s"]);
    let screen = s.wait_for("Saved Nobody Two");
    assert!(!screen.contains("recorded without an author"), "{screen}");
    assert!(screen.contains("no user — edits anonymous"), "{screen}");
    s.quit();
    assert!(!config.exists(), "skipping writes no config file");
}
