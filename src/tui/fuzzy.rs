//! Fuzzy ranking for pickers (nucleo's matcher, as in helix): the best matches first; an empty
//! query keeps the original order.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

/// Indices of `items` that match `query`, best first.
pub fn rank<S: AsRef<str>>(query: &str, items: &[S]) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..items.len()).collect();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let indexed: Vec<(usize, &str)> = items.iter().map(|s| s.as_ref()).enumerate().collect();
    let mut scored: Vec<(usize, u32)> = pattern
        .match_list(indexed.iter().map(|(i, s)| Item(*i, s)), &mut matcher)
        .into_iter()
        .map(|(item, score)| (item.0, score))
        .collect();
    // stable for equal scores: shorter, then earlier items first
    scored.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(items[a.0].as_ref().len().cmp(&items[b.0].as_ref().len()))
            .then(a.0.cmp(&b.0))
    });
    scored.into_iter().map(|(i, _)| i).collect()
}

struct Item<'a>(usize, &'a str);

impl AsRef<str> for Item<'_> {
    fn as_ref(&self) -> &str {
        self.1
    }
}

#[cfg(test)]
mod tests {
    use super::rank;

    #[test]
    fn typos_of_order_still_find_the_field() {
        let fields = ["industry", "status", "size", "company.industry", "notes"];
        let r = rank("ind", &fields);
        assert_eq!(fields[r[0]], "industry");
        assert!(r.iter().any(|i| fields[*i] == "company.industry"));
        assert!(!r.iter().any(|i| fields[*i] == "notes"));
        assert_eq!(rank("", &fields), vec![0, 1, 2, 3, 4]);
        let r = rank("cmpind", &fields);
        assert_eq!(fields[r[0]], "company.industry");
    }
}
