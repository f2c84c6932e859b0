//! What the help overlay lists for each screen: the normal-mode commands a screen uses (their
//! keys come from the [`Keymap`](super::Keymap), remapped or not, and the description from
//! [`KeyCommand::describe`] unless the screen says it better), and the fixed keys of the modes
//! that do not go through the keymap (the `:` and `/` lines, the builder, forms). `tui/help.rs`
//! puts them together for the screen on show.

use super::KeyCommand as K;

/// A command and what it does here (`None`: its general description).
pub type ScreenKey = (K, Option<&'static str>);

/// A table pane.
pub const TABLE: &[ScreenKey] = &[
    (K::Down, None),
    (K::Up, None),
    (K::Top, None),
    (K::Bottom, None),
    (K::PageDown, None),
    (K::PageUp, None),
    (
        K::Open,
        Some("open the record: fields, related records, history"),
    ),
    (K::Back, Some("clear the filter")),
    (K::New, None),
    (K::Edit, None),
    (K::Delete, None),
    (K::Undo, None),
    (K::Log, None),
    (
        K::NextTab,
        Some("column cursor right (s sorts by that column)"),
    ),
    (K::PrevTab, Some("column cursor left")),
    (
        K::Sort,
        Some("sort by the column under the cursor (again: the other way)"),
    ),
    (K::Reverse, None),
    (K::Refresh, None),
];

/// More keys of the deals and activities tables.
pub const DEALS_TABLE: &[ScreenKey] = &[(K::ToggleView, Some("back to the board"))];
pub const ACTIVITIES_TABLE: &[ScreenKey] = &[
    (K::Complete, Some("mark the activity done / open again")),
    (K::ToggleView, Some("back to the agenda")),
];

/// The deals board.
pub const BOARD: &[ScreenKey] = &[
    (K::NextTab, Some("next column (stage)")),
    (K::PrevTab, Some("previous column")),
    (K::Down, Some("next card")),
    (K::Up, Some("previous card")),
    (K::Top, Some("first card")),
    (K::Bottom, Some("last card")),
    (K::MoveNext, Some("move the deal to the next stage")),
    (K::MovePrev, Some("move the deal to the previous stage")),
    (K::Won, Some("mark the deal won")),
    (K::Lost, Some("mark the deal lost (asks for the reason)")),
    (K::Undo, Some("put the last move back (or undo a delete)")),
    (K::Open, Some("open the deal: fields, activities, history")),
    (K::New, Some("new deal in this stage")),
    (K::Edit, Some("edit the deal")),
    (K::Delete, None),
    (K::Log, None),
    (K::Stages, Some("manage the pipeline stages (the columns)")),
    (K::ToggleView, Some("the deals as a table")),
    (K::Refresh, None),
];

/// The activities agenda.
pub const TIMELINE: &[ScreenKey] = &[
    (K::Down, Some("next item")),
    (K::Up, Some("previous item")),
    (K::NextTab, Some("next section (overdue, today, each day)")),
    (K::PrevTab, Some("previous section")),
    (K::Top, Some("first item")),
    (K::Bottom, Some("last item")),
    (K::Complete, Some("complete the task")),
    (K::Scope, Some("my agenda or everyone's")),
    (K::New, Some("new task")),
    (K::Edit, Some("edit the activity")),
    (K::Open, Some("open the activity")),
    (K::ToggleView, Some("the activities as a table")),
    (K::Refresh, None),
];

/// An open record.
pub const DETAIL: &[ScreenKey] = &[
    (K::NextTab, Some("next tab")),
    (K::PrevTab, Some("previous tab")),
    (
        K::Down,
        Some("next row (an opened change: the next change)"),
    ),
    (
        K::Up,
        Some("previous row (an opened change: the previous one)"),
    ),
    (K::Top, Some("first row")),
    (K::Bottom, Some("last row")),
    (
        K::Open,
        Some("open the related record (History: the change, every field)"),
    ),
    (
        K::Back,
        Some("close the change; back to the record before; close"),
    ),
    (K::Edit, Some("edit the record")),
    (K::Log, Some("log an activity on the record")),
    (K::Delete, Some("delete the record (asks first)")),
    (K::Refresh, Some("reload the record")),
];

/// The stages screen.
pub const STAGES: &[ScreenKey] = &[
    (K::Down, Some("next stage")),
    (K::Up, Some("previous stage")),
    (K::Top, Some("first stage")),
    (K::Bottom, Some("last stage")),
    (K::New, Some("add a stage (it goes last)")),
    (
        K::Edit,
        Some("edit name, kind, probability, colour, active"),
    ),
    (K::Open, Some("edit the stage")),
    (
        K::ShiftDown,
        Some("move the stage down (later on the board)"),
    ),
    (K::ShiftUp, Some("move the stage up (earlier on the board)")),
    (
        K::Complete,
        Some("activate / deactivate (hidden from the board; its deals stay)"),
    ),
    (
        K::Delete,
        Some("delete an empty stage (asks first; one holding deals is refused)"),
    ),
    (K::Refresh, Some("reload the list")),
    (K::Back, Some("back to the board (it reloads)")),
];

/// The keys every normal-mode screen has.
pub const EVERYWHERE: &[ScreenKey] = &[
    (
        K::FilterBar,
        Some("filter bar: the filter language, Tab completes"),
    ),
    (K::FilterBuilder, None),
    (K::CommandLine, Some("command line (the commands below)")),
    (K::NextPane, None),
    (K::PrevPane, None),
    (K::Companies, None),
    (K::Contacts, None),
    (K::Deals, None),
    (K::Activities, None),
    (K::Help, Some("this help (Esc closes)")),
    (K::Quit, None),
];

/// Keys as shown, and what they do (modes whose keys are fixed).
pub type FixedKey = (&'static str, &'static str);

/// The `:` and `/` lines.
pub const LINE: &[FixedKey] = &[
    (
        "Tab",
        "complete the word: one fits → taken; several → listed",
    ),
    (
        "Tab / shift-Tab",
        "with the list shown: next / previous candidate",
    ),
    ("Enter", "take the candidate shown; else run the line"),
    (
        "Esc",
        "close the list (back to what was typed); else close the line",
    ),
    (
        "↑ / ↓",
        "older / newer entries of this line's history (those starting with what is typed)",
    ),
    ("ctrl-w / ctrl-u", "delete a word / the line"),
    ("←/→ Home/End ctrl-a/e", "move the cursor"),
];

/// The filter language in brief (docs/filter-language.md has it all).
pub const FILTER_SYNTAX: &[FixedKey] = &[
    (
        "field:value",
        "equals (text ignores case); field:a,b is one of",
    ),
    ("-field:v, field!=v", "not"),
    (
        "> >= < <=",
        "compare numbers, money and dates (close<+30d, created>-7d)",
    ),
    ("field~text, field^text", "contains / starts with"),
    ("field:empty", "has no value (-field:empty: has one)"),
    ("company.field:v", "a field of a related record"),
    ("owner:me", "yours (also an email or a name)"),
    (
        "a b, a or b, ( )",
        "and, or, grouping; bare words search names",
    ),
];

/// The filter builder.
pub const BUILDER: &[FixedKey] = &[
    ("type", "search fields or values (fuzzy)"),
    ("↑/↓ ctrl-p/ctrl-n", "choose"),
    ("Enter", "pick; in the summary: apply the filter"),
    ("Tab", "tick several values (one of)"),
    ("a / o", "add a condition (and) / start an OR group"),
    ("x", "remove the last condition"),
    ("s", "save the filter as a named view"),
    ("Esc", "back a step; in the summary: cancel"),
];

/// A form.
pub const FORM: &[FixedKey] = &[
    ("Tab / ↓", "next field"),
    ("Shift-Tab / ↑", "previous field"),
    ("text", "type; ctrl-w deletes a word, ctrl-u the line"),
    ("←/→ Space", "choose a value / toggle yes-no"),
    ("Enter, ctrl-p", "pick a company or owner (fuzzy search)"),
    ("ctrl-d, Backspace", "clear a picked company or owner"),
    ("ctrl-e", "edit the notes in $VISUAL / $EDITOR"),
    ("ctrl-s", "save (or Enter on the last field, on Save)"),
    ("ctrl-t", "conflict: take their value for this field"),
    (
        "Esc, ctrl-c",
        "close (asks first if there are unsaved changes)",
    ),
    ("F1, ? off text", "this help"),
];

/// A form's picker.
pub const PICKER: &[FixedKey] = &[
    ("text", "search (fuzzy: letters in order, e.g. 'acmltd')"),
    ("↑/↓ Tab ctrl-n/p", "move through the matches"),
    ("Enter", "pick the highlighted record"),
    ("Esc", "cancel, keep the field as it was"),
    ("ctrl-d, Backspace on empty", "clear the field (no record)"),
];

/// The help itself.
pub const HELP: &[FixedKey] = &[
    ("j/k ↓/↑", "scroll a line"),
    ("PgDn/PgUp ctrl-d/u", "scroll a page"),
    ("g/G Home/End", "top / bottom"),
    ("Esc, any other key", "close"),
];
