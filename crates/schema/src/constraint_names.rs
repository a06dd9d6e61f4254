//! Prisma's default constraint names, truncated to the provider's identifier length as Prisma
//! does (so that `migrate` writes the very names Prisma Migrate writes).

use crate::provider::{Provider, SchemaCapabilities};

/// `{table}_pkey`.
pub fn primary_key_name(table: &str, provider: Provider) -> String {
    let limit = provider.max_identifier_length();
    let table = if table.len() >= limit - 5 {
        &table[..floor_char_boundary(table, limit - 5)]
    } else {
        table
    };
    format!("{table}_pkey")
}

/// `{table}_{columns}_key`.
pub fn unique_index_name(table: &str, columns: &[&str], provider: Provider) -> String {
    index_name(table, columns, "_key", provider)
}

/// `{table}_{columns}_idx`.
pub fn non_unique_index_name(table: &str, columns: &[&str], provider: Provider) -> String {
    index_name(table, columns, "_idx", provider)
}

/// `{table}_{columns}_fkey` (the columns are the referencing ones).
pub fn foreign_key_name(table: &str, columns: &[&str], provider: Provider) -> String {
    let limit = provider.max_identifier_length();
    let mut joined = format!("{table}_{}", columns.join("_"));
    if joined.len() >= limit - 5 {
        joined.truncate(floor_char_boundary(&joined, limit - 5));
    }
    joined.push_str("_fkey");
    joined
}

/// `{table}_check`, then `{table}_check1`, `{table}_check2`… for the `n`th unnamed `@@check`
/// of a model (0-based), as PostgreSQL names table check constraints.
pub fn check_constraint_name(table: &str, n: usize, provider: Provider) -> String {
    let suffix = if n == 0 {
        "_check".to_string()
    } else {
        format!("_check{n}")
    };
    let limit = provider.max_identifier_length();
    let table = if table.len() >= limit - suffix.len() {
        &table[..floor_char_boundary(table, limit - suffix.len())]
    } else {
        table
    };
    format!("{table}{suffix}")
}

/// `{table}_{column}_df` (SQL Server default constraints).
pub fn default_value_name(table: &str, column: &str, provider: Provider) -> String {
    let limit = provider.max_identifier_length();
    let mut joined = format!("{table}_{column}");
    if joined.len() >= limit - 3 {
        joined.truncate(floor_char_boundary(&joined, limit - 3));
    }
    joined.push_str("_df");
    joined
}

fn index_name(table: &str, columns: &[&str], suffix: &str, provider: Provider) -> String {
    let limit = provider.max_identifier_length();
    let mut out = format!("{table}_{}", columns.join("_"));
    if out.len() >= limit - suffix.len() {
        out.truncate(floor_char_boundary(&out, limit - suffix.len()));
    }
    out.push_str(suffix);
    out
}

fn floor_char_boundary(s: &str, mut index: usize) -> usize {
    if index >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_table_columns_suffix() {
        assert_eq!(primary_key_name("User", Provider::Postgres), "User_pkey");
        assert_eq!(
            unique_index_name("User", &["email"], Provider::Postgres),
            "User_email_key"
        );
        assert_eq!(
            non_unique_index_name("Post", &["title", "body"], Provider::Mysql),
            "Post_title_body_idx"
        );
        assert_eq!(
            foreign_key_name("Post", &["authorId"], Provider::Sqlite),
            "Post_authorId_fkey"
        );
    }

    #[test]
    fn long_names_are_truncated_to_the_identifier_limit() {
        let table = "a".repeat(70);
        let name = unique_index_name(&table, &["b"], Provider::Postgres);
        assert_eq!(name.len(), 63);
        assert!(name.ends_with("_key"));
        let name = foreign_key_name(&table, &["b"], Provider::Mysql);
        assert_eq!(name.len(), 64);
        assert_eq!(primary_key_name(&table, Provider::Postgres).len(), 63);
        // SQLite's limit is large enough to keep the name whole.
        assert_eq!(
            unique_index_name(&table, &["b"], Provider::Sqlite),
            format!("{table}_b_key")
        );
    }
}
