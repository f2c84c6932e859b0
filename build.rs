//! `embed_migrations!` reads `migrations/` at compile time, but Cargo does not know that: without
//! this, a new migration directory is not embedded until some source file changes.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=migrations/sqlite");
    println!("cargo:rerun-if-changed=migrations/postgres");
}
