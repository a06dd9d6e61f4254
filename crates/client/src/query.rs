//! The untyped query AST that typed builders produce and [`crate::render`] turns into SQL.

use crate::meta::{ModelMeta, RelationMeta};
use crate::value::Value;

/// A column, by its database name.
pub type Col = &'static str;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Lte,
    /// `>`
    Gt,
    /// `>=`
    Gte,
}

/// How a text pattern matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LikeKind {
    /// `contains`
    Contains,
    /// `startsWith`
    StartsWith,
    /// `endsWith`
    EndsWith,
    /// `equals` (used with case-insensitive mode)
    Equals,
}

/// How a relation filter quantifies over related records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationQuantifier {
    /// `some`: at least one related record matches.
    Some,
    /// `every`: all related records match.
    Every,
    /// `none`: no related record matches.
    None,
    /// `is`: the related record (to-one) exists and matches.
    Is,
    /// `isNot`: the related record (to-one) does not exist or does not match.
    IsNot,
}

/// An aggregate function over a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggFn {
    /// `COUNT(*)` (column ignored) or `COUNT(col)`.
    Count,
    /// `SUM`
    Sum,
    /// `AVG`
    Avg,
    /// `MIN`
    Min,
    /// `MAX`
    Max,
}

/// One aggregate: a function and its column (`None`: `COUNT(*)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agg {
    /// The function.
    pub func: AggFn,
    /// The column, or `None` for `COUNT(*)`.
    pub column: Option<Col>,
}

/// A condition (the `where` of Prisma).
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// Always true.
    True,
    /// Always false.
    False,
    /// All of these.
    And(Vec<Cond>),
    /// Any of these.
    Or(Vec<Cond>),
    /// Not this.
    Not(Box<Cond>),
    /// `col op value`.
    Cmp(Col, CmpOp, Value),
    /// `col IN (values)`, or NOT IN when the flag is set.
    In(Col, Vec<Value>, bool),
    /// `col IN (values)` ignoring case (`mode: 'insensitive'`), or NOT IN when the flag is set.
    InInsensitive(Col, Vec<Value>, bool),
    /// `col op other`: two columns of the same row compared (Prisma's field references,
    /// `{ quantity: { lte: prisma.product.fields.warnQuantity } }`).
    ColumnCmp(Col, CmpOp, Col),
    /// `col = ANY(list)`: the column's value is an element of a scalar list column of the same
    /// row (a field reference in `in`), or NOT that (`notIn`) when the flag is set.
    ColumnInList(Col, Col, bool),
    /// A text pattern taken from another column of the same row (a field reference in
    /// `contains`, `startsWith`, `endsWith`), matched as written: `%` and `_` in it match
    /// themselves. The flag asks for case-insensitive matching.
    ColumnLike(Col, LikeKind, Col, bool),
    /// `col IS NULL`, or IS NOT NULL when the flag is set.
    IsNull(Col, bool),
    /// A text pattern; the flag asks for case-insensitive matching.
    Like(Col, LikeKind, String, bool),
    /// A filter on related records.
    Relation(&'static RelationMeta, RelationQuantifier, Box<Cond>),
    /// `column op (SELECT column FROM model WHERE cursor)`: a comparison with the record a
    /// cursor picks.
    CursorCmp {
        /// The column compared.
        column: Col,
        /// The comparison.
        op: CmpOp,
        /// The model the cursor record belongs to.
        model: &'static ModelMeta,
        /// The unique condition that picks the cursor record.
        cursor: Box<Cond>,
    },
    /// `expr op (SELECT expr FROM model WHERE cursor)`: an ordering expression other than a
    /// column (through relations, a relation count) compared with its value for the record a
    /// cursor picks.
    CursorOrderCmp {
        /// The ordering expression compared.
        expr: OrderExpr,
        /// The comparison.
        op: CmpOp,
        /// The model the cursor record belongs to.
        model: &'static ModelMeta,
        /// The unique condition that picks the cursor record.
        cursor: Box<Cond>,
    },
    /// A comparison on an aggregate (group-by `having`).
    Aggregate(Agg, CmpOp, Value),
    /// A filter on a scalar list column (PostgreSQL arrays).
    List(Col, ListCond),
    /// A filter on a `Json` column: its value, or the value at a path in it.
    Json(Col, JsonCond),
    /// Full-text search (Prisma's `search`), on one column or, merged as Prisma merges the
    /// searches of one block that share a query, on several (`crate::search`).
    Search(TextSearch),
}

/// A full-text search: its columns and query (Prisma's `search` filter, and the `_relevance`
/// ordering).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSearch {
    /// The columns searched, together (one document of their text).
    pub columns: Vec<Col>,
    /// The query, in the database's syntax (`to_tsquery`'s on PostgreSQL, boolean mode's on
    /// MySQL).
    pub query: String,
    /// Whether the schema allows full-text search on the model (MySQL, or PostgreSQL with
    /// the `fullTextSearchPostgres` preview feature): [`crate::meta::ModelMeta`]'s flag.
    pub schema_allows: bool,
}

/// Prisma's `Json` filters: what is tested, at which path of the column's value.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonCond {
    /// The path into the value (Prisma's `path`), one key or array index per segment
    /// (`["pets", "0", "name"]`); empty for the value itself.
    pub path: Vec<String>,
    /// What the value at the path must be.
    pub op: JsonOp,
}

/// What a [`JsonCond`] tests the value at its path for.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonOp {
    /// `equals`: the same JSON value (`null` is JSON's null, Prisma's `JsonNull`).
    Equals(serde_json::Value),
    /// `not`: a JSON value other than this one (a missing path or a NULL column matches
    /// neither `equals` nor `not`).
    NotEquals(serde_json::Value),
    /// `string_contains`: a JSON string containing the text.
    StringContains(String),
    /// `string_starts_with`.
    StringStartsWith(String),
    /// `string_ends_with`.
    StringEndsWith(String),
    /// `array_contains`: an array containing the value (every element of it, when it is an
    /// array itself).
    ArrayContains(serde_json::Value),
    /// `array_starts_with`: an array whose first element is the value.
    ArrayStartsWith(serde_json::Value),
    /// `array_ends_with`: an array whose last element is the value.
    ArrayEndsWith(serde_json::Value),
    /// `equals: AnyNull` (SQL NULL or JSON null), or `not: AnyNull` when the flag is set.
    AnyNull(bool),
}

/// Prisma's filters on a scalar list.
#[derive(Debug, Clone, PartialEq)]
pub enum ListCond {
    /// `equals`: the whole list (a [`Value::List`]).
    Equals(Value),
    /// `has`: one value.
    Has(Value),
    /// `hasEvery`: a [`Value::List`].
    HasEvery(Value),
    /// `hasSome`: a [`Value::List`].
    HasSome(Value),
    /// `isEmpty`.
    IsEmpty(bool),
}

impl Cond {
    /// Both conditions.
    pub fn and(self, other: Cond) -> Cond {
        match (self, other) {
            (Cond::True, c) | (c, Cond::True) => c,
            (Cond::And(mut a), Cond::And(b)) => {
                a.extend(b);
                Cond::And(a)
            }
            (Cond::And(mut a), c) => {
                a.push(c);
                Cond::And(a)
            }
            (a, b) => Cond::And(vec![a, b]),
        }
    }
}

/// What an ORDER BY item sorts on.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderExpr {
    /// A column of the model.
    Column(Col),
    /// The number of related records of a to-many relation that match the filter (`Cond::True`
    /// from the typed API; an extended client's read hooks of the counted model add theirs).
    RelationCount(&'static RelationMeta, Box<Cond>),
    /// A column of the related record of a to-one relation.
    RelationColumn(&'static RelationMeta, Col),
    /// An aggregate (group-by ordering).
    Aggregate(Agg),
    /// An expression of the related record of a to-one relation: a column of it, the number of
    /// its related records of a to-many relation, or, again, an expression of a record a
    /// to-one relation of it points to (Prisma's `orderBy: { author: { team: { name: 'asc' }
    /// } }`, at any depth). NULL when there is no related record (a `_count` under it: 0).
    Related(&'static RelationMeta, Box<OrderExpr>),
    /// The relevance of a full-text search (Prisma's `_relevance`).
    Relevance(TextSearch),
}

impl OrderExpr {
    /// Whether the expression ends in a relation count (`_count`), through any relations.
    pub fn counts(&self) -> bool {
        match self {
            OrderExpr::RelationCount(..) => true,
            OrderExpr::Related(_, inner) => inner.counts(),
            _ => false,
        }
    }

    /// The relations down to the first to-many relation that this expression reads one
    /// record's value through (Prisma orders through to-one relations only, and by the
    /// `_count` of to-many ones), if there is one: `["author", "posts"]`.
    pub fn through_to_many(&self) -> Option<Vec<&'static str>> {
        match self {
            OrderExpr::RelationColumn(rel, _) if rel.list => Some(vec![rel.name]),
            OrderExpr::Related(rel, _) if rel.list => Some(vec![rel.name]),
            OrderExpr::Related(rel, inner) => {
                let mut path = inner.through_to_many()?;
                path.insert(0, rel.name);
                Some(path)
            }
            _ => None,
        }
    }
}

/// Refuses an ordering through a to-many relation other than by its `_count` (P2009, naming
/// the relation and what to write instead), as Prisma's query validation does.
pub fn check_order(model: &ModelMeta, order: &[OrderItem]) -> crate::Result<()> {
    for item in order {
        if let Some(path) = item.expr.through_to_many() {
            let last = path.last().copied().unwrap_or_default();
            return Err(crate::Error::InvalidQuery(format!(
                "Invalid orderBy on model `{}`: `{}` is a to-many relation; order by its \
                 number of records (`{{ {last}: {{ _count: 'asc' }} }}`, \
                 `.count_asc()` / `.count_desc()`), not by fields of its records",
                model.name,
                path.join(".")
            )));
        }
    }
    Ok(())
}

/// Where NULLs sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nulls {
    /// NULLS FIRST
    First,
    /// NULLS LAST
    Last,
}

/// One ORDER BY item.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderItem {
    /// What to sort on.
    pub expr: OrderExpr,
    /// Descending.
    pub desc: bool,
    /// Where NULLs go (the database's default when `None`).
    pub nulls: Option<Nulls>,
}

/// A SELECT of a model's scalar columns.
#[derive(Debug, Clone)]
pub struct Select {
    /// The model.
    pub model: &'static ModelMeta,
    /// WHERE.
    pub filter: Cond,
    /// ORDER BY.
    pub order: Vec<OrderItem>,
    /// LIMIT.
    pub take: Option<i64>,
    /// OFFSET.
    pub skip: Option<i64>,
    /// Start at the record this unique condition picks (Prisma's cursor), in `order`.
    pub cursor: Option<Cond>,
}

impl Select {
    /// Every record of a model.
    pub fn all(model: &'static ModelMeta) -> Self {
        Select {
            model,
            filter: Cond::True,
            order: Vec::new(),
            take: None,
            skip: None,
            cursor: None,
        }
    }

    /// Prisma's meaning of `skip` and `take`, made plain before rendering. A negative `skip`
    /// is refused (P2009, Prisma's message). A negative `take` pages backwards: the order is
    /// reversed (records: the primary key added to it, so that the page is well defined;
    /// groups (`grouped`) are ordered by what groupBy orders them by), `skip`, the
    /// cursor and `|take|` apply in that order (with a cursor: the cursor record and the
    /// records before it), and `true` is returned: the caller reverses the rows it reads, so
    /// that they come back in the order asked for. With a cursor (records, not groups), the
    /// order is completed by the primary key as well.
    pub fn plain_page(&mut self, grouped: bool) -> crate::Result<bool> {
        check_order(self.model, &self.order)?;
        if let Some(skip) = self.skip
            && skip < 0
        {
            return Err(crate::Error::InvalidQuery(format!(
                "Invalid value for skip argument: Value can only be positive, found: {skip}"
            )));
        }
        let take = self.take.filter(|t| *t < 0);
        if !grouped && (take.is_some() || self.cursor.is_some()) {
            // The page (and the records from a cursor on) follows a total order, as in
            // Prisma: without one, SQLite may read the cursor's OR from an index and return
            // the record after the cursor first.
            for &pk in self.model.primary_key {
                let column = self.model.fields[pk].column;
                if !self
                    .order
                    .iter()
                    .any(|o| o.expr == OrderExpr::Column(column))
                {
                    self.order.push(OrderItem {
                        expr: OrderExpr::Column(column),
                        desc: false,
                        nulls: None,
                    });
                }
            }
        }
        let Some(take) = take else {
            return Ok(false);
        };
        for item in &mut self.order {
            item.desc = !item.desc;
            item.nulls = item.nulls.map(|n| match n {
                Nulls::First => Nulls::Last,
                Nulls::Last => Nulls::First,
            });
        }
        self.take = Some(take.checked_neg().unwrap_or(i64::MAX));
        Ok(true)
    }
}

/// How an UPDATE changes one column.
#[derive(Debug, Clone, PartialEq)]
pub enum SetExpr {
    /// `col = value`
    Value(Value),
    /// `col = col + value`
    Increment(Value),
    /// `col = col - value`
    Decrement(Value),
    /// `col = col * value`
    Multiply(Value),
    /// `col = col / value`
    Divide(Value),
    /// `col = col || value`: values appended to a scalar list (a [`Value::List`]).
    Push(Value),
}

/// An INSERT of one or more rows with the same columns.
#[derive(Debug, Clone)]
pub struct Insert {
    /// The model.
    pub model: &'static ModelMeta,
    /// The columns given.
    pub columns: Vec<Col>,
    /// The rows, each with one value per column.
    pub rows: Vec<Vec<Value>>,
    /// `ON CONFLICT DO NOTHING` (createMany's `skipDuplicates`).
    pub skip_duplicates: bool,
    /// RETURNING every column.
    pub returning: bool,
}

/// An UPDATE.
#[derive(Debug, Clone)]
pub struct Update {
    /// The model.
    pub model: &'static ModelMeta,
    /// SET.
    pub sets: Vec<(Col, SetExpr)>,
    /// WHERE.
    pub filter: Cond,
    /// RETURNING every column.
    pub returning: bool,
}

/// A DELETE.
#[derive(Debug, Clone)]
pub struct Delete {
    /// The model.
    pub model: &'static ModelMeta,
    /// WHERE.
    pub filter: Cond,
    /// RETURNING every column.
    pub returning: bool,
}

/// Aggregates over the records a select picks, optionally grouped.
#[derive(Debug, Clone)]
pub struct Aggregate {
    /// The records (take/skip/order apply before aggregating).
    pub select: Select,
    /// GROUP BY columns (empty: one row).
    pub group_by: Vec<Col>,
    /// HAVING.
    pub having: Cond,
    /// The aggregates, after the group-by columns in each row.
    pub aggregates: Vec<Agg>,
}

/// One item of a chosen select list (Prisma's `select`, and relation counts).
#[derive(Debug, Clone, PartialEq)]
pub enum Projection {
    /// A column of the model.
    Column(Col),
    /// The number of related records of a relation that match a condition (`_count`), as a
    /// correlated subquery.
    Count(&'static RelationMeta, Cond),
}
