//! The session every command and the TUI work in: the settings, a migrated pool, the acting user
//! and their time zone.

use crate::config::Settings;
use crate::db::conn::SqliteMmap;
use crate::db::{self, repo, DatabaseUrl, Pool};
use crate::domain::zone::Zone;
use crate::domain::UserId;
use crate::error::AppError;

use super::identity;

/// Connections a command's pool may hold at once. A CLI command checks out one at a time; the
/// second is headroom so a nested checkout waits for nothing. Connections open on demand, so a
/// command that needs one opens one.
const CLI_POOL: u32 = 2;
/// The TUI runs rows, count and detail loads side by side (one connection each); more would only
/// map the SQLite file again per connection (see docs/performance.md, Memory), and further work
/// waits its turn for one of these.
const TUI_POOL: u32 = 3;

#[derive(Clone)]
pub struct Ctx {
    pub settings: Settings,
    pub url: DatabaseUrl,
    pub pool: Pool,
    pub actor: Option<UserId>,
    /// The acting user's name (forms show it as the default owner).
    pub actor_name: Option<String>,
    /// The acting user's time zone (else the machine's): "today" and wall-clock times.
    pub zone: Zone,
    /// The acting user's role and team and the org's visibility setting, as read at the start
    /// (reads are narrowed by it; writes read it again in their transaction).
    pub access: db::access::Access,
}

impl Ctx {
    /// Open the configured database, apply pending migrations when this role may (else refuse
    /// with how far behind the schema is), resolve the acting user.
    pub fn open(settings: &Settings) -> Result<Ctx, AppError> {
        let pool_size = settings.pool_size(CLI_POOL)?;
        Ctx::open_with(settings, settings.timeouts()?, pool_size, SqliteMmap::Large)
    }

    /// [`Ctx::open`] for the TUI, whose workers may each hold a connection at once.
    pub fn open_tui(settings: &Settings) -> Result<Ctx, AppError> {
        let pool_size = settings.pool_size(TUI_POOL)?;
        Ctx::open_with(settings, settings.timeouts()?, pool_size, SqliteMmap::Off)
    }

    /// [`Ctx::open`] for bulk work: no statement timeout unless configured.
    pub fn open_bulk(settings: &Settings) -> Result<Ctx, AppError> {
        let pool_size = settings.pool_size(CLI_POOL)?;
        Ctx::open_with(
            settings,
            settings.bulk_timeouts()?,
            pool_size,
            SqliteMmap::Large,
        )
    }

    fn open_with(
        settings: &Settings,
        timeouts: db::conn::Timeouts,
        pool_size: u32,
        sqlite_mmap: SqliteMmap,
    ) -> Result<Ctx, AppError> {
        let url = DatabaseUrl::parse(&settings.database)?;
        let pool = db::conn::open_pool_session(
            &url,
            pool_size,
            timeouts,
            sqlite_mmap,
            settings.session(),
        )?;
        let mut conn = pool.get().map_err(pool_error(&url))?;
        crate::timing::mark("open and pragmas");
        let read_only_file = !settings.read_only && db::conn::read_only(&mut conn);
        // least privilege: a role that may not migrate says how far behind the schema is
        let schema = db::migrate::schema_state(&mut conn)?;
        if schema.pending > 0 {
            if !schema.may_apply || settings.read_only {
                return Err(db::DbError::Behind {
                    pending: schema.pending,
                }
                .into());
            }
            let applied = db::migrate::run_pending(&mut conn)?;
            if !applied.is_empty() {
                tracing::info!(?applied, "migrations applied");
            }
        }
        crate::timing::mark("migration check");
        if read_only_file {
            eprintln!(
                "rolo: note: {url} is read-only (the file or its folder is not writable); \
                 opened it for reading only"
            );
        }
        let named = match &settings.user {
            Some(email) => Some(repo::user::find_by_email(&mut conn, email)?.ok_or_else(|| {
                AppError::Usage(format!(
                    "no user with email '{email}' (from --as, ROLO_USER or the config file)"
                ))
            })?),
            None => None,
        };
        let user = match repo::login::session(&mut conn)? {
            None => named,
            Some(session) => identity::acting_user(session, named)?,
        };
        if let Some(u) = user.as_ref().filter(|u| !u.fields.active) {
            return Err(db::DbError::Denied(format!(
                "{} ({}) is deactivated; an admin reactivates them with --set active=true",
                u.fields.name, u.fields.email
            ))
            .into());
        }
        let actor = user.as_ref().map(|u| u.id);
        let actor_name = user.as_ref().map(|u| u.fields.name.clone());
        let zone = Zone::for_user(user.as_ref().map(|u| u.fields.timezone.as_str()));
        let access = db::access::load(&mut conn, actor)?;
        drop(conn);
        crate::timing::mark("user and access");
        Ok(Ctx {
            settings: settings.clone(),
            url,
            pool,
            actor,
            actor_name,
            zone,
            access,
        })
    }

    /// After a write made without an acting user: one line on stderr (stdout is left to the
    /// command's output) saying the change has no author in its history.
    pub fn note_anonymous_write(&self) {
        if self.actor.is_none() {
            eprintln!(
                "rolo: note: no acting user: this change is recorded without an author; \
                 set --as EMAIL, ROLO_USER or `user = \"EMAIL\"` in the config file"
            );
        }
    }

    pub fn conn(&self) -> Result<db::PooledConn, AppError> {
        self.pool.get().map_err(pool_error(&self.url))
    }
}

pub fn pool_error(url: &DatabaseUrl) -> impl Fn(r2d2::Error) -> AppError + '_ {
    move |e| {
        AppError::Db(db::DbError::Unavailable {
            target: url.to_string(),
            reason: e.to_string(),
        })
    }
}
