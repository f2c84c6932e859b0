//! The four panes and what each shows in its table, as the entity's description says (columns,
//! sorts). Plain data: the worker fills rows, the view draws them.

use crate::domain::describe::{describe, ColumnDesc, EntityDesc, SortDesc};
use crate::domain::Entity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PaneId {
    Companies,
    Contacts,
    Deals,
    Activities,
}

/// A table column: the field it shows, its header and the width it asks for (the last column
/// takes the rest). The entity's description holds them (its `pane` columns).
pub type Column = ColumnDesc;

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

    /// The description of the pane's entity.
    pub fn desc(self) -> &'static EntityDesc {
        describe(self.entity())
    }

    pub fn columns(self) -> &'static [Column] {
        self.desc().pane
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
    pub fn sort_descs(self) -> &'static [SortDesc] {
        self.desc().sorts
    }

    /// The sort (an index into [`Self::sort_descs`]) that orders by what column `column` (an
    /// index into [`Self::columns`]) shows; `None` for a column no index orders (a linked
    /// record's name).
    pub fn sort_of_column(self, column: usize) -> Option<usize> {
        let field = self.columns().get(column)?.field;
        self.sort_descs().iter().position(|s| s.field == field)
    }

    /// The sorts' labels as the pane shows them ("first name"), in [`Self::sort_descs`] order.
    pub fn sorts(self) -> Vec<&'static str> {
        self.sort_descs().iter().map(|s| s.label).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the panes showed before the description held it: the snapshots depend on it.
    #[test]
    fn columns_and_sorts_are_todays() {
        let shown = |p: PaneId| -> Vec<(&str, u16, u16)> {
            p.columns()
                .iter()
                .map(|c| (c.header, c.min, c.width))
                .collect()
        };
        // (pane, its columns' headers with their least and most widths, its sorts' labels)
        type Case = (
            PaneId,
            &'static [(&'static str, u16, u16)],
            &'static [&'static str],
        );
        let cases: &[Case] = &[
            (
                PaneId::Companies,
                &[
                    ("Name", 16, 40),
                    ("Industry", 8, 16),
                    ("Status", 8, 10),
                    ("Size", 10, 10),
                    ("City", 8, 20),
                    ("Owner", 10, 20),
                ],
                &[
                    "name", "industry", "status", "size", "city", "country", "created", "updated",
                ],
            ),
            (
                PaneId::Contacts,
                &[
                    ("Name", 14, 30),
                    ("Company", 10, 30),
                    ("Email", 14, 36),
                    ("Phone", 16, 18),
                    ("Title", 8, 24),
                ],
                &[
                    "first name",
                    "last name",
                    "email",
                    "phone",
                    "title",
                    "created",
                    "updated",
                ],
            ),
            (
                PaneId::Deals,
                &[
                    ("Title", 16, 40),
                    ("Company", 10, 30),
                    ("Stage", 8, 14),
                    ("Value", 13, 20),
                    ("Close", 10, 10),
                    ("Owner", 10, 20),
                ],
                &[
                    "title",
                    "value",
                    "status",
                    "close date",
                    "stage",
                    "owner",
                    "created",
                    "updated",
                ],
            ),
            (
                PaneId::Activities,
                &[
                    ("Kind", 7, 10),
                    ("Subject", 16, 60),
                    ("Due", 16, 16),
                    ("Done", 4, 5),
                    ("Outcome", 8, 10),
                    ("Owner", 10, 20),
                ],
                &[
                    "created", "updated", "kind", "subject", "due", "done", "outcome",
                ],
            ),
        ];
        for (pane, columns, sorts) in cases {
            assert_eq!(shown(*pane), *columns, "{pane:?}");
            assert_eq!(pane.sorts(), *sorts, "{pane:?}");
        }
    }
}
