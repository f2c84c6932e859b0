//! `rolo settings get KEY` / `rolo settings set KEY VALUE`: the org-wide settings. Today one:
//! `visibility` (own, team, all), what roles other than admin see; changing it is for admins.

use super::out::outln;
use crate::app::Ctx;
use crate::cli::args::SettingsCommand;
use crate::db::access;
use crate::domain::Visibility;
use crate::error::{exit, AppError};

const KEYS: &str = "visibility";

fn known(key: &str) -> Result<(), AppError> {
    if key.trim().eq_ignore_ascii_case("visibility") {
        Ok(())
    } else {
        Err(AppError::Usage(format!(
            "no setting named '{key}' (settings: {KEYS})"
        )))
    }
}

pub fn run(ctx: &Ctx, cmd: SettingsCommand) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    match cmd {
        SettingsCommand::Get { key } => {
            known(&key)?;
            let v = access::setting(&mut conn, "visibility")?
                .unwrap_or_else(|| Visibility::default().to_string());
            outln!("{v}")?;
        }
        SettingsCommand::Set { key, value } => {
            known(&key)?;
            let v: Visibility = value
                .parse()
                .map_err(|e: crate::domain::UnknownVariant| AppError::Usage(e.to_string()))?;
            access::set_visibility(&mut conn, ctx.actor, v)?;
            ctx.note_anonymous_write();
            outln!("visibility = {v}")?;
        }
    }
    Ok(exit::OK)
}
