//! A modal question: yes/no, or a line of text. One model for every prompt; each lives where its
//! purpose needs it (the record-delete question in `App::mode`, the stage-delete question on the
//! stages screen, the lost reason on the board, where it waits while another pane is shown).
//! `update/prompt.rs` answers it, `ui/prompt.rs` draws it.

use super::TextInput;
use crate::domain::Id;
use crate::tui::pane::PaneId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// The question as shown (for text, followed by what is typed).
    pub question: String,
    pub kind: PromptKind,
    /// What a yes (or the typed text) does.
    pub on_answer: OnAnswer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// `y` answers yes, any other key no.
    YesNo,
    /// Enter answers with the (trimmed) text, Esc no; other keys edit the text.
    Text {
        input: TextInput,
        /// The key hints while typing.
        hint: &'static str,
        /// The error shown when Enter is pressed with nothing typed.
        needed: &'static str,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnAnswer {
    /// Soft-delete a record.
    DeleteRecord {
        pane: PaneId,
        id: Id,
        version: i32,
        label: String,
    },
    /// Delete an empty pipeline stage.
    DeleteStage { id: Id, version: i32, name: String },
    /// Delete a saved view (from the `:views` list).
    DeleteView { id: Id, name: String },
    /// Rename a saved view to the typed name.
    RenameView { view: super::views_list::ViewItem },
    /// Replace your saved view of this name with this filter (`:save NAME` over an existing one).
    ReplaceView {
        name: String,
        pane: PaneId,
        filter: String,
        sort: Option<String>,
    },
    /// Move a deal into a lost stage, with the typed reason.
    LoseDeal {
        deal: Id,
        version: i32,
        title: String,
        target: Id,
    },
}

impl Prompt {
    /// `d`: asking before a soft delete.
    pub fn delete_record(pane: PaneId, id: Id, version: i32, label: String) -> Self {
        Prompt {
            question: format!(
                "Delete {} '{label}'? It goes to the trash and can be undone. y/N",
                pane.entity().singular()
            ),
            kind: PromptKind::YesNo,
            on_answer: OnAnswer::DeleteRecord {
                pane,
                id,
                version,
                label,
            },
        }
    }

    /// `d` on the stages screen: asking before deleting an empty stage.
    pub fn delete_stage(id: Id, version: i32, name: String) -> Self {
        Prompt {
            question: format!("Delete the empty stage '{name}'? y/N"),
            kind: PromptKind::YesNo,
            on_answer: OnAnswer::DeleteStage { id, version, name },
        }
    }

    /// `d` in the views list.
    pub fn delete_view(id: Id, name: String) -> Self {
        Prompt {
            question: format!("Delete the saved view '{name}'? y/N"),
            kind: PromptKind::YesNo,
            on_answer: OnAnswer::DeleteView { id, name },
        }
    }

    /// `r` in the views list: the new name, starting from the old one.
    pub fn rename_view(view: super::views_list::ViewItem) -> Self {
        Prompt {
            question: format!("Rename '{}' to: ", view.name),
            kind: PromptKind::Text {
                input: TextInput::new(&view.name),
                hint: " Enter rename · Esc cancel",
                needed: "a view needs a name (Esc to keep it)",
            },
            on_answer: OnAnswer::RenameView { view },
        }
    }

    /// `:save NAME` when one of your views has that name: asking before replacing it.
    pub fn replace_view(name: String, pane: PaneId, filter: String, sort: Option<String>) -> Self {
        let what = if filter.trim().is_empty() {
            format!("all {}", pane.entity().as_str())
        } else {
            format!("{} where {}", pane.entity().as_str(), filter.trim())
        };
        Prompt {
            question: format!("Replace your view '{name}' with {what}? y/N"),
            kind: PromptKind::YesNo,
            on_answer: OnAnswer::ReplaceView {
                name,
                pane,
                filter,
                sort,
            },
        }
    }

    /// Asking for a lost reason before moving a card into a lost stage that needs one.
    pub fn lost_reason(deal: Id, version: i32, title: String, target: Id, stage: &str) -> Self {
        Prompt {
            question: format!("Lost reason for '{title}' (→ {stage}): "),
            kind: PromptKind::Text {
                input: TextInput::default(),
                hint: " Enter confirm · Esc cancel (the deal stays where it is)",
                needed: "a lost reason is needed (Esc to keep the deal where it is)",
            },
            on_answer: OnAnswer::LoseDeal {
                deal,
                version,
                title,
                target,
            },
        }
    }

    /// The line to show: the question, then what is typed.
    pub fn text(&self) -> String {
        match &self.kind {
            PromptKind::YesNo => self.question.clone(),
            PromptKind::Text { input, .. } => format!("{}{}", self.question, input.text),
        }
    }

    /// The key hints to show while it is asked, if it has its own.
    pub fn hint(&self) -> Option<&'static str> {
        match &self.kind {
            PromptKind::YesNo => None,
            PromptKind::Text { hint, .. } => Some(hint),
        }
    }
}
