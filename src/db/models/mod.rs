//! Row structs (what a SELECT returns), and per entity a `…Fields` struct that is both the
//! insertable and the changeset of the user-editable columns. Rows embed their fields, so the
//! history diff of an update is the diff of two `…Fields` values.

pub mod activity;
pub mod company;
pub mod contact;
pub mod deal;
pub mod history;
pub mod import;
pub mod stage;
pub mod tag;
pub mod team;
pub mod user;
pub mod view;

pub use activity::{Activity, ActivityFields, NewActivity};
pub use company::{Company, CompanyFields, NewCompany};
pub use contact::{Contact, ContactFields, NewContact};
pub use deal::{Deal, DealFields, NewDeal};
pub use history::HistoryEntry;
pub use import::{Import, ImportCounts, ImportItem};
pub use stage::{NewStage, Stage, StageFields};
pub use tag::{NewTag, Tag, TagFields};
pub use team::{NewTeam, Setting, Team, TeamFields};
pub use user::{NewUser, User, UserFields};
pub use view::{NewView, SavedView, ViewFields};
