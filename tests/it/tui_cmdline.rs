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

/// The values offered are those of companies the acting user may see: at visibility `own`, a
/// rep is not offered the industry of a colleague's company.
#[test]
fn values_in_use_follow_what_the_user_may_see() {
    use rolo::db::repo;
    use rolo::domain::access::Visibility;
    use rolo::domain::{CompanyDraft, Role, UserDraft};
    use rolo::tui::action::Action;
    use rolo::tui::effect::Effect;
    let db = crate::common::sqlite();
    {
        let mut c = db.conn();
        let admin = repo::user::create(
            &mut c,
            None,
            UserDraft::new("Ada", "ada@example.com", Role::Admin),
        )
        .unwrap()
        .id;
        let mut user = |name: &str, email: &str| {
            repo::user::create(&mut c, None, UserDraft::new(name, email, Role::SalesRep))
                .unwrap()
                .id
        };
        let rita = user("Rita", "rita@example.com");
        let sven = user("Sven", "sven@example.com");
        for (name, industry, owner) in [
            ("Rita Co", "東京 robotics", rita),
            ("Sven Co", "secret 🚀 mining", sven),
        ] {
            let mut d = CompanyDraft::new(name);
            d.industry = Some(industry.into());
            d.owner_id = Some(owner);
            repo::company::create(&mut c, None, d).unwrap();
        }
        rolo::db::access::set_visibility(&mut c, Some(admin), Visibility::Own).unwrap();
    }
    let industries = |who: &str| {
        let ctx = crate::common::tui::ctx_for(&db, Some(who));
        match rolo::tui::worker::run(&ctx, Effect::LoadNames) {
            Some(Action::NamesLoaded(Ok(n))) => n
                .values_of(rolo::domain::Entity::Companies, "industry")
                .to_vec(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(industries("rita@example.com"), ["東京 robotics"]);
    assert_eq!(
        industries("ada@example.com"),
        ["secret 🚀 mining", "東京 robotics"]
    );
}

/// A line entered just before quitting is in the history file when rolo has exited: by `:q`
/// typed straight after it, and by ctrl-c.
#[test]
fn the_last_lines_before_quitting_are_kept() {
    use rolo::tui::history::{parse, Entry, LineKind};
    let t = Tmux::start(80, 24);
    t.wait_for("8 rows");
    // all in one go, as a fast typist or a paste: nothing waits for the screen
    t.keys(&["/", "lit:status:customer", "Enter", ":", "lit:q", "Enter"]);
    t.wait_exit();
    let read = || parse(&std::fs::read_to_string(t.data.join("line-history.jsonl")).unwrap());
    let entry = |line, text: &str| Entry {
        line,
        text: text.into(),
    };
    assert_eq!(
        read(),
        [
            entry(LineKind::Filter, "status:customer"),
            entry(LineKind::Command, "q"),
        ]
    );
    t.launch(80, 24);
    t.wait_for("8 rows");
    t.keys(&[":", "lit:sort city", "Enter", "C-c"]);
    t.wait_exit();
    assert_eq!(read().last(), Some(&entry(LineKind::Command, "sort city")));
}

/// Tab completion's names are read once, not each time a line opens; a tag created meanwhile
/// (here by the CLI, another session) is offered on the next opening, without a restart.
#[test]
fn a_new_tag_is_completed_without_a_restart() {
    let t = Tmux::start(80, 24);
    t.wait_for("8 rows");
    t.keys(&["/", "lit:tag:zebr", "Tab"]);
    t.wait_for("/tag:zebr");
    t.keys(&["Escape"]);
    let made = t.cli(&[
        "companies",
        "create",
        "--set",
        "name=Zebra Crossing Ltd",
        "--set",
        "tags=zebra-partner",
    ]);
    assert!(made.status.success(), "{made:?}");
    // the live feed reports the CLI's commit: the new row shows in the table
    t.wait_for("Zebra Crossing");
    // the names are read again when the line opens; a Tab pressed before they arrive completes
    // from the old ones (nothing here), so press it again until the new tag is offered, as a
    // user would, for up to 10 s
    t.keys(&["/", "C-u", "lit:tag:zebr", "Tab"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !t.screen().contains("/tag:zebra-partner") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
        t.keys(&["C-u", "lit:tag:zebr", "Tab"]);
    }
    t.wait_for("/tag:zebra-partner");
    t.keys(&["Enter"]);
    t.wait_for("filter: tag:zebra-partner");
    t.keys(&["q"]);
    t.wait_exit();
}
