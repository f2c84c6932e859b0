//! The command line's commands (`:`): one table read by the help (usage and what it does) and by
//! Tab completion (the name and what its argument is); `update/command.rs` runs them.

/// What follows a command's name, for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineArg {
    /// Nothing.
    None,
    /// A filter for the pane of that name (`:deals open owner:me`).
    Filter,
    /// One of the saved views you can use.
    View,
    /// A name to save the filter as (one of your views of this pane's entity is replaced, asked first).
    NewView,
    /// One of the pane's sorts, then `asc` or `desc`.
    Sort,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCommand {
    /// As typed after `:` (and completed by Tab).
    pub name: &'static str,
    /// As the help shows it.
    pub usage: &'static str,
    pub about: &'static str,
    pub arg: LineArg,
}

const fn cmd(
    name: &'static str,
    usage: &'static str,
    about: &'static str,
    arg: LineArg,
) -> LineCommand {
    LineCommand {
        name,
        usage,
        about,
        arg,
    }
}

pub const LINE_COMMANDS: &[LineCommand] = &[
    cmd(
        "companies",
        ":companies [FILTER]",
        "show companies, filtered",
        LineArg::Filter,
    ),
    cmd(
        "contacts",
        ":contacts [FILTER]",
        "show contacts, filtered",
        LineArg::Filter,
    ),
    cmd(
        "deals",
        ":deals [FILTER]",
        "show deals, filtered",
        LineArg::Filter,
    ),
    cmd(
        "activities",
        ":activities [FILTER]",
        "show activities, filtered",
        LineArg::Filter,
    ),
    cmd("view", ":view NAME", "apply a saved view", LineArg::View),
    cmd(
        "views",
        ":views",
        "the saved views: Enter use, d delete, r rename",
        LineArg::None,
    ),
    cmd(
        "save",
        ":save NAME",
        "save the filter and sort as a view (asks before replacing yours)",
        LineArg::NewView,
    ),
    cmd(
        "sort",
        ":sort FIELD [desc]",
        "sort the table by a field (Tab lists them)",
        LineArg::Sort,
    ),
    cmd(
        "stages",
        ":stages",
        "manage the pipeline stages (the deal board's columns)",
        LineArg::None,
    ),
    cmd(
        "help",
        ":help",
        "the keys of the current screen",
        LineArg::None,
    ),
    cmd("quit", ":q, :quit", "quit", LineArg::None),
];
