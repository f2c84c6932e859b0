//! Which column feeds which field. Headers are matched automatically against the catalogue
//! (case, spaces and punctuation ignored); `--map 'Header=field'` overrides a column (`=-` ignores
//! it). A column that maps to nothing, or to a field another column already feeds, is reported.

use super::catalogue::{self, Slot, Spec};
use super::TransferError;
use crate::domain::Entity;

/// The extra column of a rejects file; ignored when the fixed file is imported again.
pub const REJECT_REASON_COLUMN: &str = "import_error";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Feeds the catalogue spec at this index.
    Spec(usize),
    /// Not imported, with the reason shown to the user.
    Ignored(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub label: String,
    pub target: Target,
}

#[derive(Debug, Clone)]
pub struct Mapping {
    pub entity: Entity,
    pub columns: Vec<Column>,
}

/// `Header=field` from `--map`.
pub fn parse_override(raw: &str) -> Result<(String, String), TransferError> {
    let (header, field) = raw.rsplit_once('=').ok_or_else(|| {
        TransferError::Usage(format!(
            "--map '{raw}': expected 'Header=field' (or 'Header=-' to ignore a column)"
        ))
    })?;
    Ok((header.trim().to_string(), field.trim().to_string()))
}

fn field_names(entity: Entity) -> String {
    let names: Vec<&str> = catalogue::specs(entity).iter().map(|s| s.name).collect();
    names.join(", ")
}

impl Mapping {
    /// Map CSV headers, applying `overrides` (`(header, field)`) first.
    pub fn for_headers(
        entity: Entity,
        headers: &[String],
        overrides: &[(String, String)],
    ) -> Result<Mapping, TransferError> {
        let specs = catalogue::specs(entity);
        let mut targets: Vec<Option<Target>> = vec![None; headers.len()];
        for (header, field) in overrides {
            let i = headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(header))
                .or_else(|| {
                    let key = catalogue::normalize_header(header);
                    headers
                        .iter()
                        .position(|h| catalogue::normalize_header(h) == key)
                })
                .ok_or_else(|| {
                    TransferError::Usage(format!(
                        "--map '{header}={field}': the file has no column '{header}' (its columns: {})",
                        headers.join(", ")
                    ))
                })?;
            targets[i] = Some(match field.as_str() {
                "-" | "ignore" | "skip" => Target::Ignored("ignored with --map".into()),
                _ => Target::Spec(catalogue::find(entity, field).ok_or_else(|| {
                    TransferError::Usage(format!(
                        "--map '{header}={field}': {entity} have no field '{field}' (fields: {})",
                        field_names(entity)
                    ))
                })?),
            });
        }
        for (i, h) in headers.iter().enumerate() {
            if targets[i].is_some() {
                continue;
            }
            targets[i] = Some(if h.is_empty() {
                Target::Ignored("the column has no header".into())
            } else if h.eq_ignore_ascii_case(REJECT_REASON_COLUMN) {
                Target::Ignored("the reason column of a rejects file".into())
            } else {
                match catalogue::find(entity, h) {
                    Some(s) => Target::Spec(s),
                    None => Target::Ignored(format!(
                        "unknown column; map it with --map '{h}=FIELD' or ignore it with --map '{h}=-'"
                    )),
                }
            });
        }
        let mut columns: Vec<Column> = headers
            .iter()
            .zip(targets)
            .enumerate()
            .map(|(i, (label, target))| Column {
                label: match label.is_empty() {
                    true => format!("column {}", i + 1),
                    false => label.clone(),
                },
                target: target.unwrap_or(Target::Ignored(String::new())),
            })
            .collect();
        // an explicit --map beats an automatic match; otherwise the first column wins
        let explicit = |label: &str| {
            overrides
                .iter()
                .any(|(h, _)| catalogue::normalize_header(h) == catalogue::normalize_header(label))
        };
        let order: Vec<usize> = (0..columns.len())
            .filter(|i| explicit(&columns[*i].label))
            .chain((0..columns.len()).filter(|i| !explicit(&columns[*i].label)))
            .collect();
        let mut owner: Vec<Option<usize>> = vec![None; specs.len()];
        for i in order {
            if let Target::Spec(s) = columns[i].target {
                match owner[s] {
                    None => owner[s] = Some(i),
                    Some(first) => {
                        columns[i].target = Target::Ignored(format!(
                            "{} is already read from column '{}'",
                            specs[s].name, columns[first].label
                        ))
                    }
                }
            }
        }
        Ok(Mapping { entity, columns })
    }

    /// The fixed mapping of vCard columns.
    pub fn for_vcard() -> Mapping {
        let entity = Entity::Contacts;
        let columns = super::vcard::COLUMNS
            .iter()
            .map(|(label, field)| Column {
                label: label.to_string(),
                target: match catalogue::find(entity, field) {
                    Some(s) => Target::Spec(s),
                    None => Target::Ignored("no contact field".into()),
                },
            })
            .collect();
        Mapping { entity, columns }
    }

    pub fn specs(&self) -> &'static [Spec] {
        catalogue::specs(self.entity)
    }

    /// `(column index, spec)` of every imported column, currencies first (amounts are read in
    /// the row's currency).
    pub fn imported(&self) -> Vec<(usize, &'static Spec)> {
        let specs = self.specs();
        let mut out: Vec<(usize, &'static Spec)> = self
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c.target {
                Target::Spec(s) => Some((i, &specs[s])),
                Target::Ignored(_) => None,
            })
            .collect();
        out.sort_by_key(|(i, s)| (s.name != "currency", *i));
        out
    }

    /// The column that feeds the field `name`, if any.
    pub fn column_of(&self, name: &str) -> Option<usize> {
        let specs = self.specs();
        self.columns
            .iter()
            .position(|c| matches!(c.target, Target::Spec(s) if specs[s].name == name))
    }

    /// Whether some column feeds a spec of this slot kind.
    pub fn has_slot(&self, wanted: impl Fn(Slot) -> bool) -> bool {
        self.imported().iter().any(|(_, s)| wanted(s.slot))
    }

    /// The columns that are not imported, with why.
    pub fn not_imported(&self) -> Vec<(&str, &str)> {
        let specs = self.specs();
        let out: Vec<(&str, &str)> = self
            .columns
            .iter()
            .filter_map(|c| match &c.target {
                Target::Ignored(why) => Some((c.label.as_str(), why.as_str())),
                Target::Spec(s) => match specs[*s].slot {
                    Slot::Derived(why) => Some((c.label.as_str(), why)),
                    _ => None,
                },
            })
            .collect();
        out
    }

    /// `header -> field` pairs of the imported columns, for the report and the import record.
    pub fn described(&self) -> Vec<(String, String)> {
        let specs = self.specs();
        self.columns
            .iter()
            .filter_map(|c| match c.target {
                Target::Spec(s) if !matches!(specs[s].slot, Slot::Derived(_)) => {
                    Some((c.label.clone(), specs[s].name.to_string()))
                }
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn automatic_mapping_reports_unknown_and_repeated_columns() {
        let m = Mapping::for_headers(
            Entity::Contacts,
            &headers(&[
                "First Name",
                "E-mail Address",
                "Email",
                "Fax",
                "import_error",
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(
            m.described(),
            [
                ("First Name".to_string(), "first_name".to_string()),
                ("E-mail Address".to_string(), "email".to_string())
            ]
        );
        let not: Vec<&str> = m.not_imported().iter().map(|(l, _)| *l).collect();
        assert_eq!(not, ["Email", "Fax", "import_error"]);
        assert!(m.not_imported()[0]
            .1
            .contains("already read from column 'E-mail Address'"));
    }

    #[test]
    fn overrides_win_and_are_checked() {
        let h = headers(&["Mail", "E-mail Address", "Notes"]);
        let over = [
            ("mail".to_string(), "email".to_string()),
            ("Notes".to_string(), "-".to_string()),
        ];
        let m = Mapping::for_headers(Entity::Contacts, &h, &over).unwrap();
        assert_eq!(m.described(), [("Mail".to_string(), "email".to_string())]);
        let bad = [("Nope".to_string(), "email".to_string())];
        let e = Mapping::for_headers(Entity::Contacts, &h, &bad).unwrap_err();
        assert!(e.to_string().contains("no column 'Nope'"), "{e}");
        let bad = [("Mail".to_string(), "shoe_size".to_string())];
        let e = Mapping::for_headers(Entity::Contacts, &h, &bad).unwrap_err();
        assert!(e.to_string().contains("no field 'shoe_size'"), "{e}");
    }
}
