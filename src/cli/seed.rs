//! `rolo seed demo|synthetic`.

use super::out::outln;
use std::io::IsTerminal;

use super::args::SeedCommand;
use crate::app::Ctx;
use crate::error::{exit, AppError};
use crate::seed;

pub fn run(ctx: &Ctx, cmd: SeedCommand) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    // the synthetic loader writes in bulk, under the record rules: seeding is for admins
    crate::db::access::check_manage(&mut conn, ctx.actor, crate::domain::access::Managed::Seed)?;
    match cmd {
        SeedCommand::Demo => {
            let r = seed::demo::load(&mut conn, ctx.actor)?;
            outln!("{r}")?;
        }
        SeedCommand::Synthetic(a) => {
            let sizes = seed::synthetic::Sizes {
                users: a.users,
                companies: a.companies,
                contacts: a.contacts,
                deals: a.deals,
                activities: a.activities,
                seed: a.seed,
            };
            let r = seed::synthetic::load(&mut conn, sizes, std::io::stderr().is_terminal())?;
            outln!(
                "loaded {} rows in {:.1} s ({:.0} rows/s) into {}",
                r.rows,
                r.seconds,
                r.rate(),
                ctx.url
            )?;
        }
    }
    Ok(exit::OK)
}
