//! Mistakes the generated client turns into compile errors: a wrong value type in a filter,
//! an unknown field, a missing required field on create, an include of a non-relation, a
//! filter of another model, `find_unique` on a non-unique field, a write to a view, a create of
//! a model with a required `Unsupported` field, a list filter (`has`) on a field that is not a
//! list; in nested writes, a connect of a record of another model, a `disconnect` of a
//! required to-one relation, a `set` on a list whose records require their parent, an
//! update-only write in create data; in shaped results, a select of another model's field,
//! reading a field that was omitted (per query or by the generator's `omit`) or not selected,
//! a relation count of a scalar field, and a field reference (`lte_field`) to a field of
//! another type or another model; a TypedSQL query called with an argument of the wrong type;
//! in transactions, a handle used after its commit, a commit of the handle `transaction(…)`
//! lends, and that handle kept past its closure; in extensions, a query hook of one model
//! registered on another or adding another model's filter, an `Around` hook of one model
//! registered on another or answering with another model's record, an `Around` hook answering a
//! `select` form with a `Selected` kept from another call or keeping one past its call, and a computed field needing another
//! model's field or reading a field it does not need. Each file in `tests/compile_fail/` must fail
//! to build with the error beside it (`TRYBUILD=overwrite` refreshes them). A nested write
//! through a relation to a view does not compile either (`nested_write_through_view.rs`), nor, in
//! the compact client, a write its relation's handle does not allow (`compact_disconnect_required.rs`).

#[test]
fn mistakes_do_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
