//! The real binary driven in tmux on a temporary demo database: keys in, screen text out, then
//! the database checked through the CLI. Deadlines below are for "the screen never showed X"
//! failures, not speed assertions.

use std::time::{Duration, Instant};

use crate::common::{self, tmux::Tmux};

#[test]
fn filter_open_delete_undo_and_quit() {
    let t = Tmux::start(120, 40);
    t.wait_for("Brightline Software");
    t.wait_for("8 rows");

    // filter as you type, then apply
    t.keys(&["/", "lit:industry:software", "Enter"]);
    let s = t.wait_for("filter: industry:software │ 1 row │");
    assert!(!s.contains("Keystone"), "{s}");

    // open the company, look at its contacts
    t.keys(&["Enter"]);
    t.wait_for("[Fields]");
    t.wait_for("brightline.io");
    t.keys(&["l"]);
    t.wait_for("Lena Vogel (primary)");
    t.keys(&["Escape"]);
    t.wait_for("sorted by name");

    // delete (asks first), check the database, undo, check again
    t.keys(&["d"]);
    t.wait_for("Delete company 'Brightline Software'?");
    t.keys(&["y"]);
    t.wait_for("Deleted Brightline Software");
    assert_eq!(t.cli_text(&["companies", "count"]), "7");
    t.keys(&["u"]);
    t.wait_for("Restored Brightline Software");
    assert_eq!(t.cli_text(&["companies", "count"]), "8");

    // add a contact through the form, picking its company with the fuzzy picker
    t.keys(&["2"]);
    t.wait_for("Contacts · sorted by first name");
    t.keys(&["n"]);
    t.wait_for("First name");
    t.keys(&[
        "lit:Grace",
        "Tab",
        "lit:Hopper",
        "Tab",
        "lit:grace@example.com",
    ]);
    t.keys(&["Tab", "Tab", "Tab", "Enter", "lit:bright"]);
    t.wait_for("Brightline Software");
    t.keys(&["Enter", "C-s"]);
    t.wait_for("Saved Grace Hopper");
    let grace = t.cli_text(&[
        "contacts",
        "list",
        "--where",
        "email:grace@example.com",
        "--output",
        "json",
    ]);
    let brightline = t.cli_text(&[
        "companies",
        "list",
        "--where",
        "name:\"Brightline Software\"",
        "--output",
        "ids",
    ]);
    let v: serde_json::Value = serde_json::from_str(&grace).unwrap();
    assert_eq!(v[0]["first_name"], "Grace", "{grace}");
    assert_eq!(v[0]["company_id"], brightline.as_str(), "{grace}");
    t.keys(&["1"]);
    t.wait_for("Companies │ filter: industry:software │");

    // a bad filter keeps the list and says why
    // (Esc and the next key are sent apart: a key right after Esc reads as Alt+key; wait for
    // the screen only Esc on the companies pane gives — the contacts pane also says "no filter")
    t.keys(&["Escape"]);
    t.wait_for("Companies │ no filter │");
    t.keys(&["/", "lit:industy:x"]);
    t.wait_for("did you mean 'industry'");
    t.keys(&["Escape"]);
    t.wait_for("f builder");
    t.keys(&["q"]);
    t.wait_exit();

    let history = t.cli_text(&[
        "companies",
        "list",
        "--where",
        "name:\"Brightline Software\"",
        "--output",
        "ids",
    ]);
    let history = t.cli_text(&["companies", "history", &history]);
    assert!(history.contains("delete"), "{history}");
    assert!(history.contains("restore"), "{history}");
    // logs went to a file, not the screen
    assert!(t.log_dir().exists());
}

#[test]
fn related_records_open_as_a_stack_and_esc_walks_back() {
    let t = Tmux::start(120, 40);
    t.wait_for("8 rows");
    t.keys(&["/", "lit:industry:software", "Enter"]);
    t.wait_for("filter: industry:software │ 1 row │");
    // the company, its Deals tab, the cursor on the renewal
    t.keys(&["Enter"]);
    t.wait_for("[Fields]");
    t.keys(&["l", "l"]);
    t.wait_for("[Deals (2)]");
    if !t.screen().contains("› Brightline platform") {
        t.keys(&["j"]);
    }
    t.wait_for("› Brightline platform");
    // Enter opens the deal over the company; its Activities tab; Enter opens the call
    t.keys(&["Enter"]);
    t.wait_for("Brightline Software › Deals · Brightline platform renewal 2027");
    t.wait_for("[Fields] Activities (2)");
    t.keys(&["l"]);
    t.wait_for("[Activities (2)]");
    if !t.screen().contains("› call Renewal") {
        t.keys(&["j"]);
    }
    t.wait_for("› call Renewal");
    t.keys(&["Enter"]);
    t.wait_for(
        "Brightline Software › Brightline platform renewal 2027 › Activities · Renewal terms call",
    );
    // Esc: the deal, on its Activities tab; Esc: the company on its Deals tab, the same row
    t.keys(&["Escape"]);
    t.wait_for("Brightline Software › Deals · Brightline platform renewal 2027");
    let s = t.wait_for("[Activities (2)]");
    assert!(s.contains("› call Renewal"), "{s}");
    t.keys(&["Escape"]);
    t.wait_for("Companies · Brightline Software");
    let s = t.wait_for("[Deals (2)]");
    assert!(s.contains("› Brightline platform"), "{s}");
    // Esc: the table
    t.keys(&["Escape"]);
    t.wait_for("sorted by name");
    t.keys(&["q"]);
    t.wait_exit();
}

#[test]
fn board_moves_a_deal_to_won_and_the_timeline_completes_an_overdue_task() {
    let t = Tmux::start(160, 48);
    t.wait_for("Brightline Software");
    let deal = t.cli_text(&[
        "deals",
        "list",
        "--where",
        "title:\"Meridian patient intake pilot\"",
        "--output",
        "ids",
    ]);

    // the board; the Lead column's first card is the Meridian pilot
    t.keys(&["3"]);
    t.wait_for("Open pipeline:");
    t.wait_for("▶ Lead");
    // two stages right (the focus follows the card), then won
    t.keys(&["L"]);
    t.wait_for("Moved Meridian patient intake pilot to Qualified");
    t.wait_for("▶ Qualified");
    t.keys(&["L"]);
    t.wait_for("Moved Meridian patient intake pilot to Proposal");
    t.wait_for("▶ Proposal");
    t.keys(&["W"]);
    t.wait_for("Moved Meridian patient intake pilot to Won");
    t.wait_for("▶ Won");

    // log a call on it: one key from the board, the deal already linked
    t.keys(&["A"]);
    t.wait_for("Subject");
    t.keys(&["lit:Kickoff call with Daniel", "C-s"]);
    t.wait_for("Saved Kickoff call with Daniel");
    let calls = t.cli_text(&[
        "activities",
        "count",
        "--where",
        "kind:call deal.title:\"Meridian patient intake pilot\"",
    ]);
    assert_eq!(calls, "1");

    let got = t.cli_text(&["deals", "get", &deal, "--output", "json"]);
    let v: serde_json::Value = serde_json::from_str(&got).unwrap();
    assert_eq!(v["status"], "won", "{got}");
    assert!(!v["closed_at"].is_null(), "{got}");
    // exactly three moves, each one history entry, the last setting the status
    let history: serde_json::Value =
        serde_json::from_str(&t.cli_text(&["deals", "history", &deal, "--output", "json"]))
            .unwrap();
    let moves: Vec<&serde_json::Value> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !e["changes"]["stage_id"].is_null())
        .collect();
    assert_eq!(moves.len(), 4, "create + 3 moves:\n{history}");
    assert_eq!(moves[3]["changes"]["status"]["new"], "won", "{history}");
    let stages: serde_json::Value =
        serde_json::from_str(&t.cli_text(&["stages", "list", "--output", "json"])).unwrap();
    let id_of = |name: &str| {
        stages
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .map(|s| s["id"].as_str().unwrap().to_string())
            .unwrap()
    };
    for (entry, stage) in moves[1..].iter().zip(["Qualified", "Proposal", "Won"]) {
        assert_eq!(
            entry["changes"]["stage_id"]["new"].as_str(),
            Some(id_of(stage).as_str()),
            "{stage}: {entry}"
        );
    }
    // for people: the stages by name
    let readable = t.cli_text(&["deals", "history", &deal]);
    assert!(readable.contains("Stage: Proposal → Won"), "{readable}");

    // the timeline: everyone's agenda, complete the oldest overdue task
    t.keys(&["4"]);
    t.wait_for("Overdue");
    t.keys(&["a"]);
    t.wait_for("everyone's agenda");
    t.wait_for("Send revised quote to Quanta");
    t.keys(&["g", "x"]);
    t.wait_for("Done: Send revised quote to Quanta");
    let done = t.cli_text(&[
        "activities",
        "count",
        "--where",
        "done subject:\"Send revised quote to Quanta\"",
    ]);
    assert_eq!(done, "1");
    t.keys(&["q"]);
    t.wait_exit();
}

/// Another user's change from the CLI shows on the open TUI with no key pressed: a rename in
/// place, then a delete that takes the row away with a message naming who did it.
fn live_updates_reach_the_open_screen(database: Option<&str>) {
    let t = Tmux::start_on(120, 40, database);
    t.wait_for("Brightline Software");
    t.wait_for("8 rows");
    let id = t.cli_text(&[
        "companies",
        "list",
        "--where",
        "name:\"Brightline Software\"",
        "--output",
        "ids",
    ]);
    assert!(!id.is_empty());
    let jordan = Some("jordan.patel@rolo.example");
    let renamed = t.cli_as(
        jordan,
        &["companies", "update", &id, "--set", "name=Brightline Live"],
    );
    assert!(renamed.status.success(), "{renamed:?}");
    t.wait_for("Brightline Live");
    let deleted = t.cli_as(jordan, &["companies", "delete", &id]);
    assert!(deleted.status.success(), "{deleted:?}");
    let screen = t.wait_for("Brightline Live was deleted by Jordan Patel");
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("Brightline Live"))
        .collect();
    assert_eq!(rows.len(), 1, "only the message names it:\n{screen}");
    t.wait_for("7 rows");
    t.keys(&["q"]);
    t.wait_exit();
}

#[test]
fn live_updates_on_sqlite() {
    live_updates_reach_the_open_screen(None);
}

#[test]
fn live_updates_on_postgres() {
    let db = common::postgres();
    live_updates_reach_the_open_screen(Some(&db.url_string()));
}

/// The server ends every session (a restart, a failover): the TUI's feed listens again by itself
/// and the next change from elsewhere still shows without a key.
#[test]
fn live_updates_come_back_after_the_server_ends_the_sessions() {
    use diesel::{Connection, RunQueryDsl};
    let db = common::postgres();
    let url = db.url_string();
    let t = Tmux::start_on(120, 40, Some(&url));
    t.wait_for("Brightline Software");
    t.wait_for("8 rows");
    let mut admin = diesel::PgConnection::establish(&url).unwrap();
    let ended = diesel::sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut admin)
    .unwrap();
    assert!(ended >= 1, "the TUI's sessions were there to end");
    let id = t.cli_text(&[
        "companies",
        "list",
        "--where",
        "name:\"Brightline Software\"",
        "--output",
        "ids",
    ]);
    // the feed may need a moment to listen again: rename until the screen shows one
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut n = 0;
    loop {
        n += 1;
        let name = format!("Brightline Back {n}");
        let out = t.cli_as(
            Some("jordan.patel@rolo.example"),
            &["companies", "update", &id, "--set", &format!("name={name}")],
        );
        assert!(out.status.success(), "{out:?}");
        let shown = Instant::now() + Duration::from_secs(3);
        while Instant::now() < shown {
            if t.screen().contains(&name) {
                t.keys(&["q"]);
                t.wait_exit();
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(
            Instant::now() < deadline,
            "no rename showed after the sessions ended:\n{}",
            t.screen()
        );
    }
}
