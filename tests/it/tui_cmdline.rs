//! The `:` and `/` lines in the real binary (tmux): Tab completes a command and its argument,
//! and after a restart Up brings back what each line had.

use crate::common::tmux::Tmux;

#[test]
fn tab_completes_and_history_comes_back_after_a_restart() {
    let t = Tmux::start(80, 24);
    t.wait_for("8 rows");
    // `:so` Tab → `:sort `, `ci` Tab → `city `, Enter runs it
    t.keys(&[":", "lit:so", "Tab"]);
    t.wait_for(":sort");
    t.keys(&["lit:c", "Tab"]);
    // several sorts start with c: listed above the line
    let s = t.wait_for("country");
    assert!(s.contains("city") && s.contains("created"), "{s}");
    t.keys(&["lit:i", "Tab", "Enter"]);
    t.wait_for("sorted by city");
    // a filter value by Tab: `status:cu` → `status:customer`
    t.keys(&["/", "lit:status:cu", "Tab"]);
    t.wait_for("/status:customer");
    t.keys(&["Enter"]);
    t.wait_for("filter: status:customer");
    t.keys(&["q"]);
    t.wait_exit();
    let file = std::fs::read_to_string(t.data.join("line-history.jsonl")).unwrap();
    assert_eq!(file.lines().count(), 2, "{file}");

    // a new session: Up on each line brings back its own last entry
    t.launch(80, 24);
    t.wait_for("8 rows");
    t.keys(&[":", "Up"]);
    t.wait_for(":sort city");
    t.keys(&["Escape", "/", "C-u", "Up"]);
    t.wait_for("/status:customer");
    t.keys(&["Enter"]);
    t.wait_for("filter: status:customer");
    t.keys(&["q"]);
    t.wait_exit();
}
