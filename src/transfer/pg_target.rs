//! A PostgreSQL connection URL with its password taken out, for child processes (`pg_dump`).

/// A PostgreSQL URL split for `pg_dump`: the URL without its password, and the password
/// (percent-decoded), which goes to the child's environment as `PGPASSWORD`, never into argv
/// (where `ps` shows it to every user of the machine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgTarget {
    pub url: String,
    pub password: Option<String>,
}

impl PgTarget {
    pub fn parse(url: &str) -> PgTarget {
        let Some((scheme, rest)) = url.split_once("://") else {
            return PgTarget {
                url: url.to_string(),
                password: None,
            };
        };
        let (before_query, query) = match rest.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (rest, None),
        };
        let mut password = None;
        let mut authority_and_path = before_query.to_string();
        // the user info ends at the last '@' before the path
        let path_at = before_query.find('/').unwrap_or(before_query.len());
        if let Some(at) = before_query[..path_at].rfind('@') {
            let (auth, host) = before_query.split_at(at);
            if let Some((user, pw)) = auth.split_once(':') {
                password = Some(percent_decode(pw));
                authority_and_path = format!("{user}{host}");
            }
        }
        let mut kept = Vec::new();
        for pair in query.into_iter().flat_map(|q| q.split('&')) {
            match pair.split_once('=') {
                Some(("password", pw)) => password = Some(percent_decode(pw)),
                _ if pair.is_empty() => {}
                _ => kept.push(pair),
            }
        }
        let url = match kept.is_empty() {
            true => format!("{scheme}://{authority_and_path}"),
            false => format!("{scheme}://{authority_and_path}?{}", kept.join("&")),
        };
        PgTarget { url, password }
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
