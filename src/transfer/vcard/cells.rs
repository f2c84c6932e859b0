//! One card's properties as the values of [`super::COLUMNS`]: the name parts, the preferred email
//! and phone, the company, notes with the addresses appended, tags, the rolo properties; whatever
//! else the card holds is counted as not imported.

use std::collections::BTreeMap;

use super::{split_unescaped, unescape, Prop, COLUMNS, META};

/// The card's values in [`COLUMNS`] order; properties left over are counted in `ignored`.
pub(super) fn card_cells(props: &[Prop], ignored: &mut BTreeMap<String, u64>) -> Vec<String> {
    let mut cells = vec![String::new(); COLUMNS.len()];
    let mut set = |label: &str, value: String| {
        if let Some(i) = COLUMNS.iter().position(|(l, _)| *l == label) {
            cells[i] = value;
        }
    };
    let mut left: BTreeMap<String, u64> = BTreeMap::new();
    let mut skip = |name: &str| *left.entry(name.to_string()).or_default() += 1;
    fn of<'a>(props: &'a [Prop], name: &'static str) -> impl Iterator<Item = &'a Prop> {
        props.iter().filter(move |p| p.name == name)
    }

    if let Some(n) = of(props, "N").next() {
        let parts = split_unescaped(&n.value, ';');
        let given: Vec<&str> = [parts.get(1), parts.get(2)]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        set("N (given name)", given.join(" "));
        set(
            "N (family name)",
            parts.first().cloned().unwrap_or_default(),
        );
    }
    if let Some(fn_) = of(props, "FN").next() {
        set("FN", unescape(&fn_.value));
    }
    let pick = |name: &'static str, prefer: &str| {
        let all: Vec<&Prop> = of(props, name).collect();
        let chosen = all
            .iter()
            .position(|p| p.has_type("PREF"))
            .or_else(|| all.iter().position(|p| p.has_type(prefer)))
            .or(if all.is_empty() { None } else { Some(0) });
        (chosen.map(|i| all[i]), all.len().saturating_sub(1))
    };
    let (email, extra_emails) = pick("EMAIL", "INTERNET");
    if let Some(p) = email {
        set("EMAIL", unescape(p.value.trim_start_matches("mailto:")));
    }
    if extra_emails > 0 {
        skip("EMAIL (more than one)");
    }
    let (tel, extra_tels) = pick("TEL", "CELL");
    if let Some(p) = tel {
        set("TEL", unescape(p.value.trim_start_matches("tel:")));
    }
    if extra_tels > 0 {
        skip("TEL (more than one)");
    }
    if let Some(org) = of(props, "ORG").next() {
        let parts = split_unescaped(&org.value, ';');
        set("ORG", parts.first().cloned().unwrap_or_default());
        if parts.iter().skip(1).any(|p| !p.trim().is_empty()) {
            skip("ORG (department)");
        }
    }
    if let Some(t) = of(props, "TITLE").next() {
        set("TITLE", unescape(&t.value));
    }
    let mut notes: Vec<String> = of(props, "NOTE").map(|p| unescape(&p.value)).collect();
    for adr in of(props, "ADR") {
        let parts = split_unescaped(&adr.value, ';');
        let text: Vec<&str> = parts
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        if !text.is_empty() {
            let kind = adr
                .params
                .iter()
                .find(|(k, _)| k == "TYPE")
                .map(|(_, v)| format!(" ({})", v.to_lowercase()))
                .unwrap_or_default();
            notes.push(format!("Address{kind}: {}", text.join(", ")));
        }
    }
    set("NOTE/ADR", notes.join("\n"));
    let tags: Vec<String> = of(props, "CATEGORIES")
        .flat_map(|p| split_unescaped(&p.value, ','))
        .collect();
    set("CATEGORIES", tags.join(","));
    if let Some(uid) = of(props, "UID").next() {
        let id = uid.value.trim().trim_start_matches("urn:uuid:");
        match id.parse::<crate::domain::Id>() {
            Ok(_) => set("UID", id.to_string()),
            Err(_) => skip("UID (not a rolo id)"),
        }
    }
    let consumed = [
        "N",
        "FN",
        "EMAIL",
        "TEL",
        "ORG",
        "TITLE",
        "NOTE",
        "ADR",
        "CATEGORIES",
        "UID",
    ];
    for p in props {
        if p.name.starts_with("X-ROLO-") && COLUMNS.iter().any(|(l, _)| *l == p.name) {
            set(&p.name, unescape(&p.value));
        } else if !consumed.contains(&p.name.as_str()) && !META.contains(&p.name.as_str()) {
            skip(&p.name);
        }
    }
    for (name, _) in left {
        *ignored.entry(name).or_default() += 1;
    }
    cells
}
