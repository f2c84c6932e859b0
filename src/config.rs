//! Where things live and how rolo is configured: `--database` beats `ROLO_DATABASE_URL` beats the
//! config file's `database`, which beats the default `rolo.db` in the platform data directory.

use std::path::{Path, PathBuf};
use std::time::Duration;

use directories::ProjectDirs;
use serde::Deserialize;

use crate::db::conn::{Session, Timeouts};
use crate::error::AppError;

mod save;
pub use save::{resolve_links, save_string};

/// Remember the acting user: `user = "EMAIL"` in the config file at `path`, other keys and
/// comments kept (see [`save_string`]). Returns the file written.
pub fn save_user(path: &Path, email: &str) -> Result<PathBuf, AppError> {
    save_string(path, "user", email)
}

/// The config file (`config.toml` in the platform config directory, or `ROLO_CONFIG`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Database URL or SQLite path.
    pub database: Option<String>,
    /// Email of the acting user (`owner:me`, history).
    pub user: Option<String>,
    /// Calling code used to normalize phone numbers typed without one, e.g. "1" or "49".
    pub default_calling_code: Option<String>,
    /// TUI key bindings: command name → keys, e.g. `delete = ["D"]` (see `rolo` then `?`).
    #[serde(default)]
    pub keys: std::collections::BTreeMap<String, Vec<String>>,
    /// TUI table columns per pane, in order, e.g. `companies = ["name", "city", "owner"]`.
    #[serde(default)]
    pub columns: std::collections::BTreeMap<String, Vec<String>>,
    /// The pane the TUI opens on: companies, contacts, deals, activities, or agenda (my
    /// activities timeline).
    pub start: Option<String>,
    /// PostgreSQL: seconds to wait for a connection (default 10).
    pub connect_timeout: Option<u64>,
    /// PostgreSQL: seconds a statement may run before the server cancels it; 0 = no limit
    /// (default 30).
    pub statement_timeout: Option<u64>,
    /// PostgreSQL: the URL the TUI's live updates `LISTEN` on (default: `database`). Give a
    /// direct URL when `database` goes through a transaction-mode pooler, where LISTEN does not
    /// work. Used only with the `database` of this file.
    pub listen_database: Option<String>,
    /// Read-only mode: SQLite opened `mode=ro`, PostgreSQL sessions
    /// `default_transaction_read_only`, every write refused (also `--read-only`,
    /// `ROLO_READ_ONLY=1`).
    pub read_only: Option<bool>,
    /// Connections a process may hold at once (default 2 for a command, 3 for the TUI).
    pub pool_size: Option<u32>,
}

/// The platform directories rolo uses; `ROLO_DATA_DIR` overrides the data directory (handy for
/// throwaway databases and tests).
#[derive(Debug, Clone)]
pub struct Dirs {
    pub data: PathBuf,
    pub config: PathBuf,
    pub state: PathBuf,
}

impl Dirs {
    pub fn discover() -> Result<Dirs, AppError> {
        let project = ProjectDirs::from("", "", "rolo");
        let data = match std::env::var_os("ROLO_DATA_DIR") {
            Some(d) => PathBuf::from(d),
            None => project
                .as_ref()
                .map(|p| p.data_dir().to_path_buf())
                .ok_or_else(|| {
                    AppError::Config("cannot find a home directory; set ROLO_DATA_DIR".into())
                })?,
        };
        let config = project
            .as_ref()
            .map(|p| p.config_dir().to_path_buf())
            .unwrap_or_else(|| data.clone());
        let state = match std::env::var_os("ROLO_DATA_DIR") {
            Some(_) => data.clone(),
            None => project
                .as_ref()
                .and_then(|p| p.state_dir().map(Path::to_path_buf))
                .unwrap_or_else(|| data.clone()),
        };
        Ok(Dirs {
            data,
            config,
            state,
        })
    }

    pub fn default_database(&self) -> PathBuf {
        self.data.join("rolo.db")
    }

    pub fn config_file(&self) -> PathBuf {
        match std::env::var_os("ROLO_CONFIG") {
            Some(p) => PathBuf::from(p),
            None => self.config.join("config.toml"),
        }
    }

    pub fn log_dir(&self) -> PathBuf {
        self.state.join("logs")
    }
}

/// Read the config file; a missing file is an empty config, a malformed one an error naming it.
pub fn load_file(path: &Path) -> Result<FileConfig, AppError> {
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text)
            .map_err(|e| AppError::Config(format!("{}: {}", path.display(), e.to_string().trim()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FileConfig::default()),
        Err(e) => Err(AppError::Config(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

/// Where the database location came from, for `rolo doctor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseSource {
    Flag,
    Env,
    ConfigFile,
    Default,
}

impl std::fmt::Display for DatabaseSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DatabaseSource::Flag => "--database",
            DatabaseSource::Env => "ROLO_DATABASE_URL",
            DatabaseSource::ConfigFile => "config file",
            DatabaseSource::Default => "default",
        })
    }
}

/// The settings a command runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub dirs: Dirs,
    pub config_path: PathBuf,
    pub file: FileConfig,
    pub database: String,
    pub database_source: DatabaseSource,
    pub user: Option<String>,
    /// Read-only mode (`--read-only`, `ROLO_READ_ONLY`, the config's `read_only`).
    pub read_only: bool,
}

/// Seconds from the environment (`name`), else from the config file.
fn seconds(name: &str, file: Option<u64>) -> Result<Option<u64>, AppError> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v.trim().parse::<u64>().map(Some).map_err(|_| {
            AppError::Config(format!("{name}='{v}' is not a whole number of seconds"))
        }),
        _ => Ok(file),
    }
}

/// A yes/no environment variable: `1`, `true`, `yes`, `on` or `0`, `false`, `no`, `off`; unset
/// or empty is None.
fn flag(name: &str) -> Result<Option<bool>, AppError> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => match v.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(Some(true)),
            "0" | "false" | "no" | "off" => Ok(Some(false)),
            _ => Err(AppError::Config(format!(
                "{name}='{v}' is not a yes/no value (1 or 0)"
            ))),
        },
        _ => Ok(None),
    }
}

fn timeouts(file: &FileConfig, default: Timeouts) -> Result<Timeouts, AppError> {
    let connect = seconds("ROLO_CONNECT_TIMEOUT", file.connect_timeout)?
        .map_or(default.connect, |s| Duration::from_secs(s.max(1)));
    let statement = match seconds("ROLO_STATEMENT_TIMEOUT", file.statement_timeout)? {
        None => default.statement,
        Some(0) => None,
        Some(s) => Some(Duration::from_secs(s)),
    };
    Ok(Timeouts { connect, statement })
}

impl Settings {
    /// Connect and statement timeouts: `ROLO_CONNECT_TIMEOUT` / `ROLO_STATEMENT_TIMEOUT` beat the
    /// config file's `connect_timeout` / `statement_timeout` (seconds; a statement timeout of 0
    /// means none), which beat the defaults (10 s, 30 s).
    pub fn timeouts(&self) -> Result<Timeouts, AppError> {
        timeouts(&self.file, Timeouts::default())
    }

    /// For bulk work (`seed`, `import`): no statement timeout unless one is configured, since
    /// rebuilding indexes or `VACUUM` on a large database legitimately runs for minutes.
    pub fn bulk_timeouts(&self) -> Result<Timeouts, AppError> {
        let default = Timeouts {
            statement: None,
            ..Timeouts::default()
        };
        timeouts(&self.file, default)
    }

    /// Where live updates listen: `ROLO_LISTEN_DATABASE_URL`, else the config file's
    /// `listen_database` when the database itself comes from the file (or is the default), else
    /// the database.
    pub fn listen_database(&self) -> String {
        listen_database(
            std::env::var("ROLO_LISTEN_DATABASE_URL").ok(),
            &self.file,
            self.database_source,
            &self.database,
        )
    }

    /// What each connection is told when it opens: read-only mode, and the user to name in
    /// PostgreSQL's `application_name` when the URL names no login.
    pub fn session(&self) -> Session {
        Session {
            read_only: self.read_only,
            user_hint: self.user.clone(),
        }
    }

    /// How many connections the pool may hold: `ROLO_POOL_SIZE`, else the config's `pool_size`,
    /// else `default` (what the front end needs).
    pub fn pool_size(&self, default: u32) -> Result<u32, AppError> {
        let size = match std::env::var("ROLO_POOL_SIZE") {
            Ok(v) if !v.trim().is_empty() => Some(v.trim().parse::<u32>().map_err(|_| {
                AppError::Config(format!("ROLO_POOL_SIZE='{v}' is not a whole number"))
            })?),
            _ => self.file.pool_size,
        };
        match size {
            Some(0) => Err(AppError::Config(
                "pool_size must be at least 1 (a connection per concurrent query)".into(),
            )),
            Some(n) => Ok(n),
            None => Ok(default),
        }
    }

    /// `flag_db` is `--database`, else a non-empty `ROLO_DATABASE_URL` (read by `crate::run`, not
    /// by clap; `from_env` says which).
    pub fn resolve(
        flag_db: Option<String>,
        from_env: bool,
        flag_user: Option<String>,
        flag_read_only: bool,
    ) -> Result<Settings, AppError> {
        let dirs = Dirs::discover()?;
        let config_path = dirs.config_file();
        let file = load_file(&config_path)?;
        let (database, database_source) = match (flag_db, &file.database) {
            (Some(db), _) => (
                db,
                if from_env {
                    DatabaseSource::Env
                } else {
                    DatabaseSource::Flag
                },
            ),
            (None, Some(db)) => (db.clone(), DatabaseSource::ConfigFile),
            (None, None) => (
                dirs.default_database().display().to_string(),
                DatabaseSource::Default,
            ),
        };
        let user = flag_user.or_else(|| file.user.clone());
        // the flag beats the environment, which beats the file
        let read_only =
            flag_read_only || flag("ROLO_READ_ONLY")?.or(file.read_only).unwrap_or(false);
        Ok(Settings {
            dirs,
            config_path,
            file,
            database,
            database_source,
            user,
            read_only,
        })
    }
}

fn listen_database(
    env: Option<String>,
    file: &FileConfig,
    source: DatabaseSource,
    database: &str,
) -> String {
    if let Some(url) = env.filter(|u| !u.trim().is_empty()) {
        return url;
    }
    match (&file.listen_database, source) {
        // a listen URL in the file belongs to the file's database, not to one named elsewhere
        (Some(url), DatabaseSource::ConfigFile | DatabaseSource::Default)
            if !url.trim().is_empty() =>
        {
            url.clone()
        }
        _ => database.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listen_url_follows_the_database_it_belongs_to() {
        let file: FileConfig = toml::from_str(
            "database = 'postgres://bouncer:6432/crm'\nlisten_database = 'postgres://db:5432/crm'\n",
        )
        .unwrap();
        let plain = FileConfig::default();
        let cases = [
            (
                None,
                &file,
                DatabaseSource::ConfigFile,
                "postgres://db:5432/crm",
            ),
            (None, &file, DatabaseSource::Flag, "postgres://other/x"),
            (None, &file, DatabaseSource::Env, "postgres://other/x"),
            (
                None,
                &plain,
                DatabaseSource::ConfigFile,
                "postgres://other/x",
            ),
            (
                Some("postgres://l/x"),
                &file,
                DatabaseSource::Flag,
                "postgres://l/x",
            ),
            (
                Some(" "),
                &plain,
                DatabaseSource::Flag,
                "postgres://other/x",
            ),
        ];
        for (env, file, source, want) in cases {
            assert_eq!(
                listen_database(env.map(String::from), file, source, "postgres://other/x"),
                want,
                "{env:?} {source}"
            );
        }
    }

    #[test]
    fn timeouts_come_from_the_file_with_defaults() {
        let plain = FileConfig::default();
        assert_eq!(
            timeouts(&plain, Timeouts::default()).unwrap(),
            Timeouts::default()
        );
        let set: FileConfig =
            toml::from_str("connect_timeout = 3\nstatement_timeout = 0\n").unwrap();
        let t = timeouts(&set, Timeouts::default()).unwrap();
        assert_eq!(t.connect, Duration::from_secs(3));
        assert_eq!(t.statement, None, "0 means no limit");
        let set: FileConfig = toml::from_str("statement_timeout = 5\n").unwrap();
        let bulk = Timeouts {
            statement: None,
            ..Timeouts::default()
        };
        assert_eq!(
            timeouts(&set, bulk).unwrap().statement,
            Some(Duration::from_secs(5)),
            "a configured limit applies to bulk work too"
        );
    }

    #[test]
    fn config_file_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "databse = 'x'\n").unwrap();
        let err = load_file(&p).unwrap_err().to_string();
        assert!(err.contains("config.toml"), "{err}");
        assert!(err.contains("databse"), "{err}");
        std::fs::write(
            &p,
            "database = 'postgres://h/db'\nuser = 'ada@example.com'\n",
        )
        .unwrap();
        let c = load_file(&p).unwrap();
        assert_eq!(c.database.as_deref(), Some("postgres://h/db"));
        assert_eq!(
            load_file(&dir.path().join("missing.toml")).unwrap(),
            FileConfig::default()
        );
    }
}
