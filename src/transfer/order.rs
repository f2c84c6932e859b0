//! Companies whose parent comes later in the file are moved after it, so a parent named by id
//! or name is always created first (an export lists companies by id, not by hierarchy).

use std::collections::HashMap;

use super::mapping::Mapping;
use super::source::SourceRow;
use super::values::fold;

/// The rows, each company after the company its `parent`/`parent_id` names when that one is in
/// the file too. Otherwise the file order is kept; a cycle is left as it is (and reported when
/// its rows are imported).
pub fn parents_first(rows: Vec<SourceRow>, mapping: &Mapping) -> Vec<SourceRow> {
    let cell = |row: &SourceRow, field: &str| -> Option<String> {
        let i = mapping.column_of(field)?;
        let v = row.cells.as_ref().ok()?.get(i)?.trim();
        (!v.is_empty()).then(|| v.to_lowercase())
    };
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        for key in [cell(row, "id"), cell(row, "name").map(|n| fold(&n))]
            .into_iter()
            .flatten()
        {
            by_key.entry(key).or_insert(i);
        }
    }
    let parent: Vec<Option<usize>> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let by_id = cell(row, "parent_id").and_then(|p| by_key.get(&p));
            let by_name = cell(row, "parent").and_then(|p| by_key.get(&fold(&p)));
            by_id.or(by_name).copied().filter(|p| *p != i)
        })
        .collect();
    let mut placed = vec![false; rows.len()];
    let mut order = Vec::with_capacity(rows.len());
    for start in 0..rows.len() {
        // the chain of unplaced ancestors, nearest first; stop at a placed one or a cycle
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at.filter(|i| !placed[*i] && !chain.contains(i)) {
            chain.push(i);
            at = parent[i];
        }
        for i in chain.into_iter().rev() {
            placed[i] = true;
            order.push(i);
        }
    }
    let mut slots: Vec<Option<SourceRow>> = rows.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Entity;

    fn row(line: u64, cells: &[&str]) -> SourceRow {
        SourceRow {
            line,
            span: 0..0,
            width: cells.len(),
            cells: Ok(cells.iter().map(|c| c.to_string()).collect()),
        }
    }

    #[test]
    fn children_follow_their_parents() {
        let headers: Vec<String> = ["name", "parent"].iter().map(|s| s.to_string()).collect();
        let m = Mapping::for_headers(Entity::Companies, &headers, &[]).unwrap();
        let rows = vec![
            row(2, &["Grandchild", "Child"]),
            row(3, &["Child", "Root"]),
            row(4, &["Other", ""]),
            row(5, &["Root", "Existing elsewhere"]),
            row(6, &["A", "B"]),
            row(7, &["B", "A"]),
        ];
        let lines: Vec<u64> = parents_first(rows, &m).iter().map(|r| r.line).collect();
        assert_eq!(lines, [5, 3, 2, 4, 7, 6]);
    }
}
