//! Logging never stops a command: an unusable log folder means no log file, one stderr note, and
//! the command's own result.
use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_rolo");

fn check_runs_without_logs(out: &Output, log_dir: &Path) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert!(stdout.contains("NAME"), "the list still printed: {stdout}");
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("not logging"))
        .collect();
    assert_eq!(notes.len(), 1, "exactly one note: {stderr}");
    assert!(
        notes[0].contains(&log_dir.display().to_string()),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn logs_path_that_is_a_regular_file_does_not_stop_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::write(&logs, "not a folder").unwrap();
    let out = common::rolo_command()
        .env("ROLO_DATA_DIR", dir.path())
        .env("ROLO_CONFIG", dir.path().join("no-config.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_LOG")
        .args(["companies", "list"])
        .output()
        .unwrap();
    check_runs_without_logs(&out, &logs);
}

/// A root-owned logs folder that `nobody` may not write: the log file cannot be opened (this
/// used to panic with exit 101).
#[test]
fn unwritable_log_folder_does_not_stop_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let logs = data.join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(dir.path(), 0o755).unwrap();
    mode(&data, 0o777).unwrap();
    mode(&logs, 0o555).unwrap();
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN])
        .env(rolo::domain::clock::ENV, common::now_env())
        .env("TZ", "UTC")
        .env("ROLO_DATA_DIR", &data)
        .env("ROLO_CONFIG", data.join("no-config.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_USER")
        .env_remove("ROLO_LOG")
        .args(["companies", "list"])
        .output()
        .unwrap();
    check_runs_without_logs(&out, &logs);
    assert_eq!(
        std::fs::read_dir(&logs).unwrap().count(),
        0,
        "no log file was made"
    );
}
