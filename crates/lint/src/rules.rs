//! Every finding's code, with its default severity, what it means, why it matters and the
//! safe rewrite. Codes are stable: a code is never reused for another meaning.

use crate::Severity;

/// One rule: a stable code and its documentation.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The stable code, `R` and three digits.
    pub code: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Which databases it applies to: `all`, or a list of `postgresql`, `sqlite`, `mysql`
    /// (SQLite has no column type change, `DROP SCHEMA` or `TRUNCATE`).
    pub dialects: &'static str,
    /// A short title.
    pub title: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// The safe rewrite.
    pub rewrite: &'static str,
}

const fn rule(
    code: &'static str,
    severity: Severity,
    dialects: &'static str,
    title: &'static str,
    why: &'static str,
    rewrite: &'static str,
) -> Rule {
    Rule {
        code,
        severity,
        dialects,
        title,
        why,
        rewrite,
    }
}

use Severity::{Error, Info, Warning};

/// All rules, in code order.
pub const RULES: &[Rule] = &[
    rule(
        "R001",
        Info,
        "all",
        "statement not checked",
        "The SQL parser could not read this statement, so nothing about it was checked (the database's own grammar is the reference: the statement may still be valid).",
        "Check the statement by hand; the rest of the migration was linted.",
    ),
    rule(
        "R002",
        Warning,
        "all",
        "silence without a reason",
        "A `refract-lint-ignore` comment must say why the finding is safe to ignore, so that the next reader knows.",
        "Write the reason after a colon: `-- refract-lint-ignore R201: table has 10 rows`.",
    ),
    rule(
        "R003",
        Warning,
        "all",
        "silence names an unknown code",
        "The comment names a code that does not exist, so it silences nothing (a typo, or a code from another tool).",
        "Name one of the codes listed by this page.",
    ),
    rule(
        "R101",
        Warning,
        "all",
        "drops a table",
        "The table's rows are deleted, and the running version of the app, which still queries the table, fails until the new version is deployed.",
        "Deploy an app version that no longer uses the table first; drop it in a later migration, after a backup.",
    ),
    rule(
        "R102",
        Warning,
        "all",
        "drops a column",
        "The column's data is deleted, and the running version of the app (whose generated client selects every column) fails until the new version is deployed.",
        "Stop using the column in the app (or `@ignore` it) and deploy; drop it in a later migration.",
    ),
    rule(
        "R103",
        Warning,
        "postgresql, mysql",
        "narrows a column type",
        "Values that do not fit the new type make the migration fail (or, on MySQL without strict mode, are truncated silently).",
        "Check the data first (`SELECT count(*) … WHERE length(col) > n`), or keep the wider type.",
    ),
    rule(
        "R104",
        Warning,
        "all",
        "adds a NOT NULL column without a default to an existing table",
        "It fails when the table has rows (PostgreSQL, SQLite), or fills them with an implicit zero value (MySQL).",
        "Add the column with a default (`@default(…)`), or nullable, backfill it, then make it required.",
    ),
    rule(
        "R105",
        Warning,
        "all",
        "adds a unique index or constraint to an existing table",
        "It fails when the existing rows hold duplicates, and the data decides that, not the migration.",
        "Look for duplicates first (`SELECT col, count(*) … GROUP BY col HAVING count(*) > 1`) and clean them up in an earlier migration.",
    ),
    rule(
        "R106",
        Warning,
        "all",
        "makes an existing column NOT NULL",
        "It fails when a row holds NULL in the column.",
        "Backfill the NULLs first (`UPDATE … SET col = … WHERE col IS NULL`), in an earlier migration or statement.",
    ),
    rule(
        "R107",
        Warning,
        "all",
        "renames a table or a column",
        "The running version of the app still uses the old name and fails from the moment the migration commits until the new version is deployed.",
        "Expand and contract: add the new column (or a view with the new name), write both, backfill, switch reads, then drop the old one later.",
    ),
    rule(
        "R108",
        Warning,
        "postgresql, mysql",
        "drops a schema or a database",
        "Everything in it is deleted.",
        "Make sure nothing uses it and that a backup exists; prefer doing it by hand, outside migrations.",
    ),
    rule(
        "R109",
        Warning,
        "postgresql, mysql",
        "truncates a table",
        "Every row is deleted (with `CASCADE`, the rows of every referencing table too).",
        "Delete rows in batches with a `WHERE`, or do it by hand outside migrations.",
    ),
    rule(
        "R110",
        Warning,
        "postgresql, mysql",
        "adds a CHECK constraint to an existing table",
        "The existing rows are checked (on PostgreSQL when the constraint is added without NOT VALID, or validated later): one row that violates it makes the migration fail.",
        "Find the violating rows first (`SELECT … WHERE NOT (expression)`) and fix them in an earlier migration; on PostgreSQL add it `NOT VALID` and `VALIDATE CONSTRAINT` separately.",
    ),
    rule(
        "R200",
        Info,
        "postgresql",
        "lock taken",
        "Every statement on an existing table takes a lock, held until the migration's transaction commits; a lock that conflicts with the app's queries makes them wait, and the queries queued behind it wait too.",
        "Keep migrations that lock busy tables short, and set `lock_timeout` (see R212).",
    ),
    rule(
        "R201",
        Warning,
        "postgresql",
        "CREATE INDEX without CONCURRENTLY on an existing table",
        "It takes a SHARE lock: INSERT, UPDATE and DELETE on the table wait until the index is built, which on a large table takes minutes.",
        "`CREATE INDEX CONCURRENTLY`, alone in its own migration (it cannot run in a transaction).",
    ),
    rule(
        "R202",
        Error,
        "postgresql",
        "CONCURRENTLY inside a transaction",
        "`CREATE INDEX CONCURRENTLY` and `DROP INDEX CONCURRENTLY` fail inside a transaction block (`BEGIN … COMMIT`).",
        "Remove the `BEGIN`/`COMMIT` around it: put the statement alone in its own migration.",
    ),
    rule(
        "R203",
        Warning,
        "postgresql",
        "DROP INDEX without CONCURRENTLY",
        "It takes an ACCESS EXCLUSIVE lock on the index's table: reads and writes wait.",
        "`DROP INDEX CONCURRENTLY`, alone in its own migration.",
    ),
    rule(
        "R204",
        Warning,
        "postgresql",
        "changing a column's type rewrites the table",
        "Unless the new type is binary-compatible (varchar(n) to a larger varchar or text, numeric to a wider numeric), the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite.",
        "Add a new column of the new type, backfill it in batches, switch the app to it, then drop the old column.",
    ),
    rule(
        "R205",
        Warning,
        "postgresql",
        "adding a column with a volatile default rewrites the table",
        "A constant default is stored once, but a volatile one (`gen_random_uuid()`, `random()`, `clock_timestamp()`, a sequence, a stored generated column) is computed for every existing row while the table is rewritten under ACCESS EXCLUSIVE.",
        "Add the column without a default (or with a constant), set the default afterwards (`ALTER COLUMN … SET DEFAULT`), and backfill existing rows in batches.",
    ),
    rule(
        "R206",
        Warning,
        "postgresql",
        "SET NOT NULL scans the table under ACCESS EXCLUSIVE",
        "PostgreSQL reads every row to check for NULLs while reads and writes wait.",
        "`ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID`; `VALIDATE CONSTRAINT c` (a lighter lock); then `SET NOT NULL` uses the constraint and skips the scan (PostgreSQL 12+); drop the check.",
    ),
    rule(
        "R207",
        Warning,
        "postgresql",
        "adding a foreign key without NOT VALID scans the table",
        "It takes SHARE ROW EXCLUSIVE on both tables (writes wait) while every existing row is checked.",
        "`ADD CONSTRAINT … FOREIGN KEY … NOT VALID`, then `VALIDATE CONSTRAINT` in a later migration (it only blocks schema changes).",
    ),
    rule(
        "R208",
        Warning,
        "postgresql",
        "adding a CHECK constraint without NOT VALID scans the table",
        "Every existing row is checked under an ACCESS EXCLUSIVE lock: reads and writes wait.",
        "`ADD CONSTRAINT … CHECK (…) NOT VALID`, then `VALIDATE CONSTRAINT` in a later migration.",
    ),
    rule(
        "R209",
        Warning,
        "postgresql",
        "adding a UNIQUE or PRIMARY KEY constraint builds its index under lock",
        "The index is built while an ACCESS EXCLUSIVE lock blocks reads and writes.",
        "`CREATE UNIQUE INDEX CONCURRENTLY` in one migration, then `ADD CONSTRAINT … UNIQUE USING INDEX` (or `PRIMARY KEY USING INDEX`).",
    ),
    rule(
        "R210",
        Warning,
        "postgresql",
        "adds an enum value",
        "The running version of the app does not know the value and fails on rows that hold it; the value cannot be used in the same transaction that adds it.",
        "Deploy the app that understands the value first; use the value only in a later migration.",
    ),
    rule(
        "R211",
        Warning,
        "postgresql",
        "removes or renames an enum value (or replaces the enum type)",
        "The running version of the app writes values that no longer exist; Prisma's type swap (`CREATE TYPE …_new`, `ALTER COLUMN … TYPE …_new USING`) also rewrites every table using the enum under ACCESS EXCLUSIVE.",
        "Stop writing the value in the app first, update the rows that hold it, then remove it; expect the rewrite on large tables.",
    ),
    rule(
        "R212",
        Warning,
        "postgresql",
        "no lock_timeout before taking a strong lock",
        "A statement waiting for its lock (behind a long query) makes every later query on the table queue behind it: the app stalls even before the migration starts its work.",
        "Begin the migration with `SET lock_timeout = '5s';` (and retry the migration when it times out).",
    ),
    rule(
        "R213",
        Warning,
        "postgresql",
        "CONCURRENTLY in a migration with other statements",
        "Prisma's `migrate deploy` sends a migration as one query, an implicit transaction, in which CONCURRENTLY fails; Refract runs such a migration statement by statement, so a failure leaves the statements before it applied.",
        "Put the CONCURRENTLY statement alone in its own migration.",
    ),
    rule(
        "R301",
        Warning,
        "sqlite",
        "redefines a table (copies every row)",
        "SQLite cannot alter most of a table in place, so Prisma creates a new table, copies every row into it, drops the old one and renames the new one: the database is locked for writes during the copy, and a column not copied loses its data.",
        "Expected for SQLite; on a large table, run it when writes can wait, and check which columns are copied.",
    ),
    rule(
        "R302",
        Error,
        "sqlite",
        "table redefinition without foreign keys switched off",
        "Without `PRAGMA foreign_keys=OFF` before it, dropping the old table runs the ON DELETE actions of the tables that reference it (CASCADE deletes their rows) or fails.",
        "Wrap the redefinition as Prisma does: `PRAGMA defer_foreign_keys=ON; PRAGMA foreign_keys=OFF;` … `PRAGMA foreign_keys=ON; PRAGMA defer_foreign_keys=OFF;`.",
    ),
    rule(
        "R303",
        Warning,
        "sqlite",
        "foreign keys switched off and not back on",
        "`PRAGMA foreign_keys=OFF` lasts for the connection: what runs after the migration on it is not checked.",
        "End the migration with `PRAGMA foreign_keys=ON;` (and `PRAGMA foreign_key_check;` to find rows the copy left dangling).",
    ),
    rule(
        "R400",
        Info,
        "mysql",
        "ALTER runs INSTANT or in place",
        "The change is a metadata change or an in-place operation that lets reads and writes go on (a brief metadata lock at its start and end).",
        "Nothing to do.",
    ),
    rule(
        "R401",
        Warning,
        "mysql",
        "ALTER rebuilds the table in place",
        "InnoDB rebuilds the table (INPLACE): reads and writes go on, but it takes as long as a copy and needs the space of a second table; replicas lag by its duration.",
        "Run it when the table is small or at a quiet time, or use an online schema change tool (gh-ost, pt-online-schema-change).",
    ),
    rule(
        "R402",
        Warning,
        "mysql",
        "ALTER copies the table",
        "ALGORITHM=COPY: the table is copied row by row and writes are blocked for the whole copy.",
        "Use an online schema change tool (gh-ost, pt-online-schema-change) on a large table, or restructure the change (for a foreign key: `SET foreign_key_checks=0` makes it in place, at the cost of not checking existing rows).",
    ),
];

/// The rule of `code`, if there is one.
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}
