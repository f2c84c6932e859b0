//! The four panes and what each shows in its table. Plain data: the worker fills rows, the view
//! draws them.

use crate::domain::Entity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PaneId {
    Companies,
    Contacts,
    Deals,
    Activities,
}

/// A table column: its header and the width it asks for (the last column takes the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub header: &'static str,
    pub width: u16,
}

const fn col(header: &'static str, width: u16) -> Column {
    Column { header, width }
}

const COMPANIES: &[Column] = &[
    col("Name", 24),
    col("Industry", 14),
    col("Status", 10),
    col("Size", 8),
    col("City", 14),
    col("Owner", 12),
];

const CONTACTS: &[Column] = &[
    col("Name", 22),
    col("Company", 18),
    col("Email", 26),
    col("Phone", 16),
    col("Title", 16),
];

const DEALS: &[Column] = &[
    col("Title", 26),
    col("Company", 18),
    col("Stage", 12),
    col("Value", 14),
    col("Close", 10),
    col("Owner", 12),
];

const ACTIVITIES: &[Column] = &[
    col("Kind", 9),
    col("Subject", 28),
    col("Due", 16),
    col("Done", 5),
    col("Outcome", 10),
    col("Owner", 12),
];

impl PaneId {
    pub const ALL: [PaneId; 4] = [
        PaneId::Companies,
        PaneId::Contacts,
        PaneId::Deals,
        PaneId::Activities,
    ];

    pub fn title(self) -> &'static str {
        match self {
            PaneId::Companies => "Companies",
            PaneId::Contacts => "Contacts",
            PaneId::Deals => "Deals",
            PaneId::Activities => "Activities",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> Option<PaneId> {
        Self::ALL.get(i).copied()
    }

    pub fn entity(self) -> Entity {
        match self {
            PaneId::Companies => Entity::Companies,
            PaneId::Contacts => Entity::Contacts,
            PaneId::Deals => Entity::Deals,
            PaneId::Activities => Entity::Activities,
        }
    }

    pub fn from_entity(e: Entity) -> Option<PaneId> {
        Self::ALL.into_iter().find(|p| p.entity() == e)
    }

    /// Parse a pane name as typed on the command line (`:companies`, `:contacts`, `:deals` …).
    pub fn parse(name: &str) -> Option<PaneId> {
        let n = name.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|p| p.title().to_ascii_lowercase().starts_with(&n) && n.len() >= 2)
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            PaneId::Companies => COMPANIES,
            PaneId::Contacts => CONTACTS,
            PaneId::Deals => DEALS,
            PaneId::Activities => ACTIVITIES,
        }
    }

    /// Column indices from names as written in the config file (`name`, `city`, …).
    pub fn parse_columns(self, names: &[String]) -> Result<Vec<usize>, String> {
        let cols = self.columns();
        let key = |h: &str| h.to_ascii_lowercase();
        let picked = names
            .iter()
            .map(|n| {
                cols.iter()
                    .position(|c| key(c.header) == n.trim().to_ascii_lowercase())
                    .ok_or_else(|| {
                        format!(
                            "[columns] {}: no column '{n}'; columns: {}",
                            self.title().to_lowercase(),
                            cols.iter()
                                .map(|c| key(c.header))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if picked.is_empty() {
            return Err(format!(
                "[columns] {}: name at least one column",
                self.title().to_lowercase()
            ));
        }
        Ok(picked)
    }

    /// The sort orders a pane can page through with an index, first is the default.
    pub fn sorts(self) -> &'static [&'static str] {
        match self {
            PaneId::Companies => &["name", "created", "updated"],
            PaneId::Contacts => &["first name", "created", "updated"],
            PaneId::Deals => &["title", "value", "created", "updated"],
            PaneId::Activities => &["created", "updated"],
        }
    }
}
