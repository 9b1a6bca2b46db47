//! One query, written once, run on either backend. Values are bound straight into the
//! argument buffer of the backend the query runs on, and rows decode into any type both
//! backends can decode, so the services never name a backend. (sqlx's own `Any` driver
//! would do this with a handful of types and `?` placeholders PostgreSQL rejects.)

use std::borrow::Cow;
use std::fmt::{Display, Write as _};

use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArguments, PgConnection, PgPool, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteConnection, SqlitePool, SqliteRow};
use sqlx::{Arguments, Decode, Encode, FromRow, Postgres, Row, Sqlite, Type};

use super::{Backend, Db, Tx};

/// A value both backends can bind.
pub trait Encodable<'q>:
    Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres> + Send + 'q
{
}

impl<'q, T> Encodable<'q> for T where
    T: Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres> + Send + 'q
{
}

/// A column value both backends can decode.
pub trait Decodable:
    for<'r> Decode<'r, Sqlite>
    + Type<Sqlite>
    + for<'r> Decode<'r, Postgres>
    + Type<Postgres>
    + Send
    + Unpin
{
}

impl<T> Decodable for T where
    T: for<'r> Decode<'r, Sqlite>
        + Type<Sqlite>
        + for<'r> Decode<'r, Postgres>
        + Type<Postgres>
        + Send
        + Unpin
{
}

/// A row type (a tuple, or a struct deriving `FromRow`) both backends can decode.
pub trait FromDbRow:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> FromDbRow for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// A row read by column name, for rows mapped by hand.
pub enum DbRow {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

impl DbRow {
    pub fn try_get<T: Decodable>(&self, column: &str) -> Result<T, sqlx::Error> {
        match self {
            Self::Sqlite(row) => row.try_get(column),
            Self::Postgres(row) => row.try_get(column),
        }
    }
}

impl From<SqliteRow> for DbRow {
    fn from(row: SqliteRow) -> Self {
        Self::Sqlite(row)
    }
}

impl From<PgRow> for DbRow {
    fn from(row: PgRow) -> Self {
        Self::Postgres(row)
    }
}

/// Where a query runs (a pool or a transaction's connection), with the arguments bound
/// for that backend.
enum Bound<'a> {
    SqlitePool(&'a SqlitePool, SqliteArguments<'a>),
    Sqlite(&'a mut SqliteConnection, SqliteArguments<'a>),
    PgPool(&'a PgPool, PgArguments),
    Postgres(&'a mut PgConnection, PgArguments),
}

/// What a query can run on: the pool (`&Db`) or a transaction (`&mut Tx`).
pub trait Executor<'a> {
    fn query(self, sql: impl Into<Cow<'a, str>>) -> Query<'a>;
}

impl<'a> Executor<'a> for &'a Db {
    fn query(self, sql: impl Into<Cow<'a, str>>) -> Query<'a> {
        let bound = match self {
            Db::Sqlite(pool) => Bound::SqlitePool(pool, SqliteArguments::default()),
            Db::Postgres(pool) => Bound::PgPool(pool, PgArguments::default()),
        };
        Query::new(bound, sql.into())
    }
}

impl<'a> Executor<'a> for &'a mut Tx {
    fn query(self, sql: impl Into<Cow<'a, str>>) -> Query<'a> {
        let bound = match self {
            Tx::Sqlite(tx) => Bound::Sqlite(tx, SqliteArguments::default()),
            Tx::Postgres(tx) => Bound::Postgres(tx, PgArguments::default()),
        };
        Query::new(bound, sql.into())
    }
}

/// SQL with its arguments, built either whole (`$n` placeholders in the text, then
/// [`Query::bind`] in order) or piece by piece ([`Query::push`] and [`Query::push_bind`],
/// which writes the next placeholder).
pub struct Query<'a> {
    sql: Cow<'a, str>,
    bound: Bound<'a>,
    binds: usize,
    error: Option<BoxDynError>,
}

/// Runs `$run` on the sqlx query `$make` builds from the SQL and arguments, on whichever
/// backend the query is bound to; `$run` is written once and compiled for each.
macro_rules! on_backend {
    ($query:expr, $make:path, |$built:ident, $executor:ident| $run:expr) => {{
        let query = $query;
        if let Some(error) = query.error {
            return Err(sqlx::Error::Encode(error));
        }
        let sql = query.sql;
        match query.bound {
            Bound::SqlitePool($executor, arguments) => {
                let $built = $make(&sql, arguments);
                $run
            }
            Bound::Sqlite($executor, arguments) => {
                let $built = $make(&sql, arguments);
                $run
            }
            Bound::PgPool($executor, arguments) => {
                let $built = $make(&sql, arguments);
                $run
            }
            Bound::Postgres($executor, arguments) => {
                let $built = $make(&sql, arguments);
                $run
            }
        }
    }};
}

impl<'a> Query<'a> {
    fn new(bound: Bound<'a>, sql: Cow<'a, str>) -> Self {
        Self {
            sql,
            bound,
            binds: 0,
            error: None,
        }
    }

    pub fn backend(&self) -> Backend {
        match self.bound {
            Bound::SqlitePool(..) | Bound::Sqlite(..) => Backend::Sqlite,
            Bound::PgPool(..) | Bound::Postgres(..) => Backend::Postgres,
        }
    }

    /// Binds the value of the next `$n` written in the SQL.
    pub fn bind(mut self, value: impl Encodable<'a>) -> Self {
        self.add(value);
        self
    }

    /// Appends SQL text.
    pub fn push(&mut self, sql: impl Display) -> &mut Self {
        // Writing to a String cannot fail.
        let _ = write!(self.sql.to_mut(), "{sql}");
        self
    }

    /// Appends a placeholder and binds `value` to it.
    pub fn push_bind(&mut self, value: impl Encodable<'a>) -> &mut Self {
        self.add(value);
        let placeholder = self.binds;
        self.push(format_args!("${placeholder}"))
    }

    /// Appends `(v1, v2, ...)` with a placeholder bound to each value: the right side of an
    /// `IN`. Give it at least one value (`IN ()` is no SQL).
    pub fn push_bind_list<T: Encodable<'a>>(
        &mut self,
        values: impl IntoIterator<Item = T>,
    ) -> &mut Self {
        self.push("(");
        for (n, value) in values.into_iter().enumerate() {
            if n > 0 {
                self.push(", ");
            }
            self.push_bind(value);
        }
        self.push(")")
    }

    fn add(&mut self, value: impl Encodable<'a>) {
        self.binds += 1;
        let added = match &mut self.bound {
            Bound::SqlitePool(_, arguments) | Bound::Sqlite(_, arguments) => arguments.add(value),
            Bound::PgPool(_, arguments) | Bound::Postgres(_, arguments) => arguments.add(value),
        };
        if let Err(error) = added {
            self.error.get_or_insert(error);
        }
    }

    /// Runs a statement; the number of rows it changed.
    pub async fn execute(self) -> Result<u64, sqlx::Error> {
        on_backend!(self, sqlx::query_with, |query, on| query
            .execute(on)
            .await
            .map(|done| done.rows_affected()))
    }

    pub async fn fetch_one<T: FromDbRow>(self) -> Result<T, sqlx::Error> {
        on_backend!(self, sqlx::query_as_with, |query, on| query
            .fetch_one(on)
            .await)
    }

    pub async fn fetch_optional<T: FromDbRow>(self) -> Result<Option<T>, sqlx::Error> {
        on_backend!(self, sqlx::query_as_with, |query, on| query
            .fetch_optional(on)
            .await)
    }

    pub async fn fetch_all<T: FromDbRow>(self) -> Result<Vec<T>, sqlx::Error> {
        on_backend!(self, sqlx::query_as_with, |query, on| query
            .fetch_all(on)
            .await)
    }

    /// The first column of the one row.
    pub async fn scalar<T: Decodable>(self) -> Result<T, sqlx::Error> {
        on_backend!(self, sqlx::query_scalar_with, |query, on| query
            .fetch_one(on)
            .await)
    }

    /// The first column of the row, if there is one.
    pub async fn optional_scalar<T: Decodable>(self) -> Result<Option<T>, sqlx::Error> {
        on_backend!(self, sqlx::query_scalar_with, |query, on| query
            .fetch_optional(on)
            .await)
    }

    /// The first column of every row.
    pub async fn scalars<T: Decodable>(self) -> Result<Vec<T>, sqlx::Error> {
        on_backend!(self, sqlx::query_scalar_with, |query, on| query
            .fetch_all(on)
            .await)
    }

    /// Every row, to be read by column name.
    pub async fn rows(self) -> Result<Vec<DbRow>, sqlx::Error> {
        on_backend!(self, sqlx::query_with, |query, on| query
            .fetch_all(on)
            .await
            .map(|rows| rows.into_iter().map(DbRow::from).collect()))
    }

    pub async fn row(self) -> Result<DbRow, sqlx::Error> {
        on_backend!(self, sqlx::query_with, |query, on| query
            .fetch_one(on)
            .await
            .map(DbRow::from))
    }

    pub async fn optional_row(self) -> Result<Option<DbRow>, sqlx::Error> {
        on_backend!(self, sqlx::query_with, |query, on| query
            .fetch_optional(on)
            .await
            .map(|row| row.map(DbRow::from)))
    }
}
