//! Random filter *text* for an entity, built from the field catalogue and from values found in the
//! data (so conditions match something) mixed with made-up ones.
//!
//! A filter is a proptest tree ([`G`]) whose leaves are plain vectors of numbers ("genes"); a
//! leaf is rendered by reading its genes as choices. Shrinking moves genes towards 0, which picks
//! the first, simplest option everywhere, and drops tree nodes.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rolo::domain::money::currency_exponent;
use rolo::domain::Entity;
use rolo::filter::catalogue::{self, ValueKind};
use rolo::filter::parser::KEYWORDS;

use super::model::{Snapshot, Val};

const GENES: usize = 28;

#[derive(Debug, Clone)]
pub enum G {
    Leaf(Vec<u32>),
    /// `-x` (true) or `not x`.
    Not(Box<G>, bool),
    /// juxtaposition, or with an explicit `and` (true).
    And(Vec<G>, bool),
    /// `or`, or `|` (true).
    Or(Vec<G>, bool),
}

pub fn tree() -> impl Strategy<Value = G> {
    let leaf = proptest::collection::vec(any::<u32>(), GENES).prop_map(G::Leaf);
    leaf.prop_recursive(3, 10, 3, |inner| {
        prop_oneof![
            (inner.clone(), any::<bool>()).prop_map(|(g, d)| G::Not(Box::new(g), d)),
            (
                proptest::collection::vec(inner.clone(), 2..=3),
                any::<bool>()
            )
                .prop_map(|(v, e)| G::And(v, e)),
            (proptest::collection::vec(inner, 2..=3), any::<bool>()).prop_map(|(v, p)| G::Or(v, p)),
        ]
    })
}

/// Choices read from a leaf's genes; running out reads 0.
struct Genes<'a> {
    g: &'a [u32],
    i: usize,
}

impl Genes<'_> {
    fn next(&mut self) -> u32 {
        let v = self.g.get(self.i).copied().unwrap_or(0);
        self.i += 1;
        v
    }
    /// 0..n (0 when n == 0).
    fn pick(&mut self, n: usize) -> usize {
        let v = self.next() as usize;
        if n == 0 {
            0
        } else {
            v % n
        }
    }
    /// True with about `pct` percent; false for a shrunk (zero) gene.
    fn chance(&mut self, pct: usize) -> bool {
        self.pick(100) >= 100 - pct.min(100)
    }
    fn choose<'b, T>(&mut self, items: &'b [T]) -> Option<&'b T> {
        if items.is_empty() {
            self.next();
            None
        } else {
            let i = self.pick(items.len());
            Some(&items[i])
        }
    }
}

/// Values seen in the data, per entity and column.
#[derive(Debug, Default)]
pub struct Pools {
    text: HashMap<(Entity, &'static str), Vec<String>>,
    ints: HashMap<(Entity, &'static str), Vec<i64>>,
    /// money: (minor units, currency)
    money: HashMap<(Entity, &'static str), Vec<(i64, String)>>,
    dates: HashMap<(Entity, &'static str), Vec<NaiveDate>>,
    users: Vec<(String, String)>,
    stages: Vec<String>,
    tags: Vec<String>,
    words: HashMap<Entity, Vec<String>>,
    /// Characters the backends fold differently (non-ASCII letters that have another case); a
    /// filter holding one is outside the documented ASCII-only case-insensitivity.
    pub hazard: HashSet<char>,
}

fn has_other_case(c: char) -> bool {
    !c.is_ascii()
        && (c.to_lowercase().ne(std::iter::once(c)) || c.to_uppercase().ne(std::iter::once(c)))
}

impl Pools {
    pub fn new(snap: &Snapshot) -> Pools {
        let mut p = Pools::default();
        // upper-case non-ASCII letters in stored text fold differently on the two backends; keep
        // them (and their lower-case forms) out of generated filters
        for s in snap.all_text() {
            for c in s.chars().filter(|c| !c.is_ascii() && c.is_uppercase()) {
                p.hazard.insert(c);
                p.hazard.extend(c.to_lowercase());
            }
        }
        let safe = |s: &str, hazard: &HashSet<char>| !s.chars().any(|c| hazard.contains(&c));
        for entity in [
            Entity::Companies,
            Entity::Contacts,
            Entity::Deals,
            Entity::Activities,
            Entity::Users,
            Entity::Stages,
        ] {
            let rows = snap.rows(entity);
            for f in catalogue::fields(entity) {
                let key = (entity, f.column);
                match f.kind {
                    ValueKind::Text => {
                        let set: BTreeSet<String> = rows
                            .iter()
                            .filter_map(|r| r.text(f.column))
                            .filter(|s| safe(s, &p.hazard))
                            .map(str::to_string)
                            .collect();
                        p.text.insert(key, set.into_iter().collect());
                    }
                    ValueKind::Int => {
                        let set: BTreeSet<i64> = rows
                            .iter()
                            .filter_map(|r| match r.get(f.column) {
                                Val::Int(i) => Some(*i),
                                _ => None,
                            })
                            .collect();
                        p.ints.insert(key, set.into_iter().collect());
                    }
                    ValueKind::Money => {
                        let set: BTreeSet<(i64, String)> = rows
                            .iter()
                            .filter_map(|r| match r.get(f.column) {
                                Val::Int(i) => Some((*i, r.text("currency")?.to_string())),
                                _ => None,
                            })
                            .collect();
                        p.money.insert(key, set.into_iter().collect());
                    }
                    ValueKind::Date | ValueKind::Timestamp => {
                        let set: BTreeSet<NaiveDate> = rows
                            .iter()
                            .filter_map(|r| match r.get(f.column) {
                                Val::Date(d) => Some(*d),
                                Val::Time(t) => Some(t.date()),
                                _ => None,
                            })
                            .collect();
                        p.dates.insert(key, set.into_iter().collect());
                    }
                    _ => {}
                }
            }
            let mut words = BTreeSet::new();
            for r in rows {
                for c in catalogue::search_columns(entity) {
                    if let Some(s) = r.text(c).filter(|s| safe(s, &p.hazard)) {
                        words.extend(s.split_whitespace().map(str::to_string));
                    }
                }
            }
            p.words.insert(entity, words.into_iter().collect());
        }
        for r in snap.rows(Entity::Users) {
            let email = r.text("email").unwrap_or_default().to_string();
            let name = r.text("name").unwrap_or_default().to_string();
            if safe(&email, &p.hazard) && safe(&name, &p.hazard) {
                p.users.push((email, name));
            }
        }
        p.stages = snap
            .rows(Entity::Stages)
            .iter()
            .filter_map(|r| r.text("name").map(str::to_string))
            .collect();
        p.tags = snap
            .rows(Entity::Tags)
            .iter()
            .filter_map(|r| r.text("name").map(str::to_string))
            .collect();
        p
    }

    /// Whether the filter text stays inside the documented case-folding behaviour.
    pub fn is_safe(&self, text: &str) -> bool {
        !text
            .chars()
            .any(|c| self.hazard.contains(&c) || (has_other_case(c) && c.is_uppercase()))
    }

    fn text_of(&self, entity: Entity, column: &str) -> &[String] {
        self.text
            .iter()
            .find(|((e, c), _)| *e == entity && *c == column)
            .map_or(&[], |(_, v)| v.as_slice())
    }
}

/// Characters for made-up text: LIKE wildcards, the escape, quotes, a space, non-ASCII.
const ALPHABET: &[char] = &[
    'a', 'e', 'o', 'n', 'r', 's', 'x', 'A', 'E', 'S', '1', '0', '%', '_', '\\', '\'', '"', ' ',
    '.', '-', '@', '&', 'é', 'ü', 'ë', 'è',
];

fn random_text(g: &mut Genes, max: usize) -> String {
    let n = 1 + g.pick(max);
    (0..n).map(|_| ALPHABET[g.pick(ALPHABET.len())]).collect()
}

/// Change the case of ASCII letters only (never produces an upper-case non-ASCII letter).
fn mangle(g: &mut Genes, s: &str) -> String {
    match g.pick(4) {
        0 | 1 => s.to_string(),
        2 => s.to_ascii_uppercase(),
        _ => {
            let bits = g.next();
            s.chars()
                .enumerate()
                .map(|(i, c)| {
                    if bits >> (i % 32) & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect()
        }
    }
}

fn substring(g: &mut Genes, s: &str, prefix: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let start = if prefix { 0 } else { g.pick(chars.len()) };
    let len = 1 + g.pick((chars.len() - start).min(6));
    chars[start..start + len].iter().collect()
}

/// A value as written after an operator: bare when the lexer reads it back unchanged, else quoted.
fn value(s: &str) -> String {
    let bare = !s.is_empty()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '|' | ',' | '"' | '\''));
    if bare {
        s.to_string()
    } else {
        quote(s)
    }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A bare search word when it is one, else a quoted phrase.
fn word(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let bare = s.chars().next().is_some_and(char::is_alphanumeric)
        && !s.chars().any(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | ')' | '|' | ',' | '"' | '\'' | ':' | '<' | '>' | '~' | '^' | '!' | '='
                )
        })
        && !["or", "and", "not"].contains(&lower.as_str())
        && !KEYWORDS.contains(&lower.as_str());
    if bare {
        s.to_string()
    } else {
        quote(s)
    }
}

const OPS: [&str; 8] = [":", "!=", "~", "^", "<", "<=", ">", ">="];
const DATE_WORDS: [&str; 8] = [
    "today",
    "tomorrow",
    "yesterday",
    "this-week",
    "next-week",
    "last-week",
    "this-month",
    "this_week",
];
const BOOLS: [&str; 10] = [
    "yes", "no", "true", "false", "y", "n", "1", "0", "on", "off",
];

pub struct Gen<'a> {
    pub pools: &'a Pools,
    /// `now` of the filter context, for dates near it.
    pub today: NaiveDate,
}

impl Gen<'_> {
    pub fn render(&self, entity: Entity, g: &G) -> String {
        self.render_prec(entity, g).0
    }

    /// The text and its precedence: 3 atom, 2 and, 1 or.
    fn render_prec(&self, entity: Entity, g: &G) -> (String, u8) {
        match g {
            G::Leaf(genes) => (self.leaf(entity, &mut Genes { g: genes, i: 0 }), 3),
            G::Not(inner, dash) => {
                let (t, p) = self.render_prec(entity, inner);
                let t = if p < 3 { format!("({t})") } else { t };
                (
                    if *dash {
                        format!("-{t}")
                    } else {
                        format!("not {t}")
                    },
                    3,
                )
            }
            G::And(parts, explicit) => {
                let texts: Vec<String> = parts
                    .iter()
                    .map(|p| {
                        let (t, prec) = self.render_prec(entity, p);
                        if prec < 2 {
                            format!("({t})")
                        } else {
                            t
                        }
                    })
                    .collect();
                (texts.join(if *explicit { " and " } else { " " }), 2)
            }
            G::Or(parts, pipe) => {
                let texts: Vec<String> = parts
                    .iter()
                    .map(|p| self.render_prec(entity, p).0)
                    .collect();
                (texts.join(if *pipe { " | " } else { " or " }), 1)
            }
        }
    }

    fn leaf(&self, entity: Entity, g: &mut Genes) -> String {
        let keywords: &[&str] = match entity {
            Entity::Deals => &["open", "won", "lost", "overdue"],
            Entity::Activities => &["open", "done", "overdue"],
            _ => &[],
        };
        let roll = g.pick(100);
        if roll >= 90 && !keywords.is_empty() {
            let k = g.choose(keywords).copied().unwrap_or("open");
            return mangle(g, k);
        }
        if roll >= 78 {
            return self.search(entity, g);
        }
        self.condition(entity, g, String::new(), 0)
    }

    fn search(&self, entity: Entity, g: &mut Genes) -> String {
        let words = self.pools.words.get(&entity).map_or(&[][..], Vec::as_slice);
        let one = |g: &mut Genes| -> String {
            let w = match g.pick(6) {
                0..=2 => g.choose(words).cloned().unwrap_or_else(|| "x".into()),
                3 | 4 => {
                    let w = g.choose(words).cloned().unwrap_or_else(|| "x".into());
                    substring(g, &w, false)
                }
                _ => random_text(g, 4).replace([' ', '"', '\''], ""),
            };
            let w = if w.is_empty() { "a".to_string() } else { w };
            mangle(g, &w)
        };
        let first = one(g);
        if g.chance(15) {
            let second = one(g);
            quote(&format!("{first} {second}"))
        } else {
            word(&first)
        }
    }

    /// `prefix` is the relation path so far (`company.`), `depth` the number of hops.
    fn condition(&self, entity: Entity, g: &mut Genes, prefix: String, depth: usize) -> String {
        let rels = catalogue::relations(entity);
        let roll = g.pick(100);
        if roll >= 85 && !rels.is_empty() && depth < 3 {
            let rel = rels[g.pick(rels.len())];
            if g.chance(25) {
                // `company:acme`, shorthand for the related record's name (email, title)
                let field = match rel.target {
                    Entity::Contacts => "email",
                    Entity::Deals => "title",
                    _ => "name",
                };
                let f = catalogue::field(rel.target, field).expect("shorthand field");
                let name = format!("{prefix}{}", rel.name);
                return self.typed(rel.target, g, &name, f);
            }
            return self.condition(rel.target, g, format!("{prefix}{}.", rel.name), depth + 1);
        }
        if roll >= 75 && catalogue::tag_table(entity).is_some() {
            let name = if g.chance(20) { "tags" } else { "tag" };
            let n = 1 + g.pick(2);
            let values: Vec<String> = (0..n)
                .map(|_| {
                    let t = match g.choose(&self.pools.tags) {
                        Some(t) if !g.chance(10) => t.clone(),
                        _ => "no-such-tag".to_string(),
                    };
                    value(&mangle(g, &t))
                })
                .collect();
            return format!("{prefix}{name}:{}", values.join(","));
        }
        let fields = catalogue::fields(entity);
        let f = fields[g.pick(fields.len())];
        let name = if g.chance(5) {
            f.name.to_ascii_uppercase()
        } else {
            f.name.to_string()
        };
        self.typed(entity, g, &format!("{prefix}{name}"), f)
    }

    /// `name OP values` for a field of `entity`.
    fn typed(&self, entity: Entity, g: &mut Genes, name: &str, f: catalogue::Field) -> String {
        // `empty` goes with `:` and `!=`, on any field
        if g.chance(7) {
            let op = if g.chance(50) { "!=" } else { ":" };
            let word = if g.chance(20) { "EMPTY" } else { "empty" };
            return format!("{name}{op}{word}");
        }
        let (op, max_values) = match f.kind {
            ValueKind::Text => {
                let op = match g.pick(100) {
                    0..=34 => ":",
                    35..=44 => "!=",
                    45..=66 => "~",
                    67..=79 => "^",
                    n => OPS[4 + n % 4],
                };
                (
                    op,
                    if matches!(op, ":" | "!=" | "~" | "^") {
                        3
                    } else {
                        1
                    },
                )
            }
            ValueKind::Int | ValueKind::Money | ValueKind::Date | ValueKind::Timestamp => {
                let op = match g.pick(100) {
                    0..=29 => ":",
                    30..=39 => "!=",
                    n => OPS[4 + n % 4],
                };
                (op, if matches!(op, ":" | "!=") { 3 } else { 1 })
            }
            _ => (if g.chance(30) { "!=" } else { ":" }, 3),
        };
        let n = 1 + g.pick(max_values).min(g.pick(max_values));
        let values: Vec<String> = (0..n).map(|_| self.one_value(entity, g, f, op)).collect();
        format!("{name}{op}{}", values.join(","))
    }

    fn one_value(&self, entity: Entity, g: &mut Genes, f: catalogue::Field, op: &str) -> String {
        match f.kind {
            ValueKind::Text => {
                let pool = self.pools.text_of(entity, f.column);
                let s = match g.pick(10) {
                    0..=4 => {
                        let v = g.choose(pool).cloned().unwrap_or_default();
                        match op {
                            "~" => substring(g, &v, false),
                            "^" => substring(g, &v, true),
                            _ => v,
                        }
                    }
                    5 | 6 => random_text(g, 4),
                    7 => {
                        let v = g.choose(pool).cloned().unwrap_or_default();
                        let prefix = g.chance(50);
                        substring(g, &v, prefix)
                    }
                    8 => {
                        // a value of another text column of this entity
                        let texts: Vec<&str> = catalogue::fields(entity)
                            .iter()
                            .filter(|f| f.kind == ValueKind::Text)
                            .map(|f| f.column)
                            .collect();
                        let col = g.choose(&texts).copied().unwrap_or(f.column);
                        g.choose(self.pools.text_of(entity, col))
                            .cloned()
                            .unwrap_or_default()
                    }
                    _ => String::new(),
                };
                let s = mangle(g, &s);
                // an unquoted `empty` is the emptiness test, not text
                if s.eq_ignore_ascii_case("empty") {
                    quote(&s)
                } else {
                    value(&s)
                }
            }
            ValueKind::Enum(allowed) => {
                let v = g.choose(allowed).copied().unwrap_or("x");
                let v = if g.chance(20) {
                    v.replace('_', "-")
                } else {
                    v.into()
                };
                value(&mangle(g, &v))
            }
            ValueKind::Bool => {
                let b = BOOLS[g.pick(BOOLS.len())];
                mangle(g, b)
            }
            ValueKind::Int => {
                let pool = self
                    .pools
                    .ints
                    .get(&(entity, f.column))
                    .map_or(&[][..], Vec::as_slice);
                let v = match g.pick(4) {
                    0 | 1 => g.choose(pool).copied().unwrap_or(0),
                    2 => g.choose(pool).copied().unwrap_or(0) + g.pick(3) as i64 - 1,
                    _ => g.pick(5000) as i64,
                };
                let v = v.max(0);
                if g.chance(10) && v >= 1000 {
                    format!("{}_{:03}", v / 1000, v % 1000)
                } else {
                    v.to_string()
                }
            }
            ValueKind::Money => self.money(entity, g, f),
            ValueKind::Date | ValueKind::Timestamp => self.date(entity, g, f),
            ValueKind::User => {
                let users = &self.pools.users;
                match g.pick(10) {
                    0..=2 => "me".to_string(),
                    3..=5 => {
                        let (email, _) = g.choose(users).cloned().unwrap_or_default();
                        value(&mangle(g, &email))
                    }
                    6..=8 => {
                        let (_, name) = g.choose(users).cloned().unwrap_or_default();
                        value(&mangle(g, &name))
                    }
                    _ => "nobody@nowhere.example".to_string(),
                }
            }
            ValueKind::Stage => {
                let s = match g.choose(&self.pools.stages) {
                    Some(s) if !g.chance(10) => s.clone(),
                    _ => "Limbo".to_string(),
                };
                value(&mangle(g, &s))
            }
        }
    }

    fn money(&self, entity: Entity, g: &mut Genes, f: catalogue::Field) -> String {
        let pool = self
            .pools
            .money
            .get(&(entity, f.column))
            .map_or(&[][..], Vec::as_slice);
        let text = match g.pick(8) {
            0..=3 => {
                let (minor, currency) = g.choose(pool).cloned().unwrap_or((0, "USD".into()));
                let exp = currency_exponent(&currency);
                let scale = 10i64.pow(exp);
                let (major, frac) = (minor / scale, minor % scale);
                match (exp, g.pick(3)) {
                    (0, _) | (_, 0) => major.to_string(),
                    (e, _) => format!("{major}.{frac:0width$}", width = e as usize),
                }
            }
            4 => ["1000", "250.5", "99.999", "0.5", "12.345", "1234", "0"][g.pick(7)].to_string(),
            5 => format!("${}", g.pick(100_000)),
            6 => quote(&format!("{},{:03}.50", 1 + g.pick(99), g.pick(1000))),
            _ => format!("{}.{}", g.pick(100_000), g.pick(1000)),
        };
        text
    }

    fn date(&self, entity: Entity, g: &mut Genes, f: catalogue::Field) -> String {
        let pool = self
            .pools
            .dates
            .get(&(entity, f.column))
            .map_or(&[][..], Vec::as_slice);
        match g.pick(10) {
            0..=3 => {
                let d = g.choose(pool).copied().unwrap_or(self.today);
                let d = d + Duration::days(g.pick(3) as i64 - 1);
                d.format("%Y-%m-%d").to_string()
            }
            4 | 5 => {
                let w = DATE_WORDS[g.pick(DATE_WORDS.len())];
                mangle(g, w)
            }
            6 => (self.today + Duration::days(g.pick(61) as i64 - 30))
                .format("%Y-%m-%d")
                .to_string(),
            _ => {
                let sign = if g.chance(50) { "+" } else { "-" };
                let unit = if g.chance(25) { "w" } else { "d" };
                let n = match unit {
                    "w" => g.pick(10),
                    _ => [0, 1, 2, 7, 30, 60, 90, 365][g.pick(8)],
                };
                format!("{sign}{n}{unit}")
            }
        }
    }
}
