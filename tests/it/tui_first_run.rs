//! The real binary's first run in tmux with no acting user (no --as, ROLO_USER or config `user`)
//! on a SQLite file: it asks who you are, the choice lands in the config file (comments and other
//! keys kept, a symlinked file written through), and the next start acts as that user without
//! asking. Deadlines are for "the screen never showed X", not speed.

use std::path::PathBuf;

use crate::common::tmux::Tmux;

#[test]
fn the_first_run_asks_who_you_are_and_the_next_start_remembers() {
    let s = Tmux::prepare(None);
    // the config file is a symlink into "dotfiles", with a comment and a key of its own
    let real: PathBuf = s.data.join("dotfiles/rolo.toml");
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    std::fs::write(&real, "# my settings\nstart = \"companies\"\n").unwrap();
    let config = s.config();
    std::os::unix::fs::symlink(&real, &config).unwrap();
    let seeded = s.cli_as(None, &["seed", "demo"]);
    assert!(seeded.status.success(), "{seeded:?}");

    s.launch(80, 24);
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
    s.launch(120, 40);
    let screen = s.wait_for("jordan.patel@rolo.example");
    assert!(!screen.contains("Who are you?"), "{screen}");
    // and a company made now is Jordan's (the owner defaults to the acting user)
    s.keys(&["n", "lit:Dragon 龍 Co", "C-s"]);
    s.wait_for("Saved Dragon 龍 Co");
    s.quit();
    let out = s.cli_as(None, &["companies", "list", "--output", "json"]);
    assert!(out.status.success(), "{out:?}");
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dragon = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Dragon 龍 Co")
        .unwrap_or_else(|| panic!("no Dragon 龍 Co in {rows}"));
    let who = s.cli_as(None, &["users", "list", "--output", "json"]);
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
    let s = Tmux::prepare(None);
    let config = s.config();
    let seeded = s.cli_as(None, &["seed", "demo"]);
    assert!(seeded.status.success(), "{seeded:?}");
    s.launch(120, 40);
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
