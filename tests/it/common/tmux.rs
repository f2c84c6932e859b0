//! The real binary in a detached tmux session on a temporary demo database: keys in, screen
//! text out, the database checked through the CLI. Deadlines are for "the screen never showed
//! X" failures, not speed assertions.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common;

const BIN: &str = env!("CARGO_BIN_EXE_rolo");

pub struct Tmux {
    socket: String,
    _dir: tempfile::TempDir,
    pub data: PathBuf,
    /// `ROLO_DATABASE_URL` for the TUI and the CLI; `None`: the data dir's SQLite file.
    database: Option<String>,
    /// `ROLO_USER` for the TUI; `None`: no acting user (the first run asks who you are).
    user: Option<String>,
}

fn tmux(socket: &str, args: &[&str]) -> Output {
    Command::new("tmux")
        .arg("-L")
        .arg(socket)
        .args(args)
        .output()
        .expect("tmux must be installed for the end-to-end TUI tests (apt-get install tmux)")
}

impl Tmux {
    /// A fresh data dir with the demo data, and rolo running in a detached tmux session.
    pub fn start(width: u16, height: u16) -> Tmux {
        Tmux::start_on(width, height, None)
    }

    /// [`Tmux::start`] on a given database (seeded with the demo data here).
    pub fn start_on(width: u16, height: u16, database: Option<&str>) -> Tmux {
        let mut t = Tmux::prepare(Some("avery.chen@rolo.example"));
        t.database = database.map(str::to_string);
        let seeded = t.cli_as(None, &["seed", "demo"]);
        assert!(seeded.status.success(), "{seeded:?}");
        t.launch(width, height);
        t
    }

    /// A fresh, empty data dir (config file `data/config.toml`) and rolo not started yet: the
    /// caller prepares files and data, then [`Tmux::launch`]es it, acting as `user`.
    pub fn prepare(user: Option<&str>) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_path_buf();
        Tmux {
            socket: format!("rolo-e2e-{}-{}", std::process::id(), rand_suffix()),
            _dir: dir,
            data,
            database: None,
            user: user.map(str::to_string),
        }
    }

    pub fn config(&self) -> PathBuf {
        self.data.join("config.toml")
    }

    /// Run rolo (again, after it quit) in the same data directory, at this size.
    pub fn launch(&self, width: u16, height: u16) {
        let t = self;
        let db_env = t
            .database
            .as_ref()
            .map_or(String::new(), |u| format!("ROLO_DATABASE_URL='{u}' "));
        let user_env = t
            .user
            .as_ref()
            .map_or("-u ROLO_USER ".to_string(), |u| format!("ROLO_USER={u} "));
        let cmd = format!(
            "env -u ROLO_DATABASE_URL {db_env}{user_env}ROLO_DATA_DIR={} ROLO_CONFIG={} TERM=xterm-256color {}={} TZ=UTC {}",
            t.data.display(),
            t.config().display(),
            rolo::domain::clock::ENV,
            common::now_env(),
            BIN
        );
        let out = tmux(
            &t.socket,
            &[
                "new-session",
                "-d",
                "-s",
                "rolo",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                &cmd,
            ],
        );
        assert!(out.status.success(), "{out:?}");
    }

    pub fn cli(&self, args: &[&str]) -> Output {
        self.cli_as(Some("avery.chen@rolo.example"), args)
    }

    pub fn cli_as(&self, user: Option<&str>, args: &[&str]) -> Output {
        let mut cmd = common::rolo_command();
        cmd.args(args)
            .env("ROLO_DATA_DIR", &self.data)
            .env("ROLO_CONFIG", self.config())
            .env_remove("ROLO_USER")
            .env_remove("ROLO_DATABASE_URL");
        if let Some(db) = &self.database {
            cmd.env("ROLO_DATABASE_URL", db);
        }
        if let Some(u) = user {
            cmd.env("ROLO_USER", u);
        }
        cmd.output().unwrap()
    }

    pub fn cli_text(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Named keys (`Enter`, `Escape`, `C-s`) or literal text with `lit:` in front.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let out = match k.strip_prefix("lit:") {
                Some(text) => tmux(&self.socket, &["send-keys", "-t", "rolo", "-l", text]),
                None => tmux(&self.socket, &["send-keys", "-t", "rolo", k]),
            };
            assert!(out.status.success(), "{out:?}");
        }
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&tmux(&self.socket, &["capture-pane", "-p", "-t", "rolo"]).stdout)
            .to_string()
    }

    /// Wait until the screen shows `needle`; panics with the last screen after the deadline.
    pub fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            if Instant::now() > deadline {
                panic!("the screen never showed {needle:?}; last screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn running(&self) -> bool {
        tmux(&self.socket, &["has-session", "-t", "rolo"])
            .status
            .success()
    }

    /// `q`, then wait until rolo has quit.
    pub fn quit(&self) {
        self.keys(&["q"]);
        self.wait_exit();
    }

    pub fn wait_exit(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.running() {
            assert!(
                Instant::now() < deadline,
                "rolo did not quit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn log_dir(&self) -> &Path {
        &self.data
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = tmux(&self.socket, &["kill-server"]);
    }
}

fn rand_suffix() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0)
}
