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

both_backends!(
    the_names_tab_offers_come_from_the_database,
    |db: crate::common::TestDb| {
        use rolo::tui::action::Action;
        use rolo::tui::effect::Effect;
        rolo::seed::demo::load(&mut db.conn(), None).unwrap();
        let ctx = crate::common::tui::ctx_for(&db, Some("avery.chen@rolo.example"));
        let Some(Action::NamesLoaded(Ok(names))) = rolo::tui::worker::run(&ctx, Effect::LoadNames)
        else {
            panic!("no names")
        };
        assert!(names
            .known
            .users
            .contains(&"avery.chen@rolo.example".to_string()));
        assert!(
            names.known.stages.iter().any(|s| s == "Proposal"),
            "{:?}",
            names.known.stages
        );
        let industries = names.values_of(rolo::domain::Entity::Companies, "industry");
        // distinct and in order, one per industry the demo companies have
        let mut sorted = industries.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(industries, sorted.as_slice());
        assert!(
            industries.contains(&"software".to_string()),
            "{industries:?}"
        );
        assert!(names
            .values_of(rolo::domain::Entity::Companies, "city")
            .contains(&"Berlin".to_string()));
    }
);
