//! Reading attribute arguments and coercing expressions, with Prisma's messages.

use schema_syntax::ast::{Argument, Attribute, Expression};

/// How Prisma describes the kind of a value in "Expected a … value, but received … value".
pub(crate) fn describe(expr: &Expression) -> &'static str {
    match expr {
        Expression::Numeric(..) => "numeric",
        Expression::String(..) => "string",
        Expression::Constant(..) => "literal",
        Expression::Function(..) => "functional",
        Expression::Array(..) => "array",
        Expression::Object(..) => "object",
    }
}

/// `Expected a {expected} value, but received {kind} value `{raw}`.`
pub(crate) fn type_mismatch(expected: &str, expr: &Expression, raw: &str) -> String {
    format!(
        "Expected a {expected} value, but received {} value `{raw}`.",
        describe(expr)
    )
}

/// The arguments of one attribute, marking those that were read.
pub(crate) struct Args<'a> {
    pub attribute: &'a Attribute,
    used: Vec<bool>,
}

impl<'a> Args<'a> {
    pub fn new(attribute: &'a Attribute) -> Self {
        Args {
            attribute,
            used: vec![false; attribute.arguments.arguments.len()],
        }
    }

    /// The unnamed argument, or the named one called `name` (Prisma's default argument).
    pub fn default_arg(&mut self, name: &str) -> Option<&'a Expression> {
        let args = &self.attribute.arguments.arguments;
        if let Some(i) = args.iter().position(|a| a.name.is_none()) {
            self.used[i] = true;
            return Some(&args[i].value);
        }
        self.named(name)
    }

    /// The argument called `name`.
    pub fn named(&mut self, name: &str) -> Option<&'a Expression> {
        let args = &self.attribute.arguments.arguments;
        let i = args
            .iter()
            .position(|a| a.name.as_ref().is_some_and(|n| n.name == name))?;
        self.used[i] = true;
        Some(&args[i].value)
    }

    /// Arguments that were not read (reported as "No such argument.").
    /// (A repeated named argument is reported as such, not as unused.)
    pub fn unused(&self) -> impl Iterator<Item = &'a Argument> + '_ {
        let args = &self.attribute.arguments.arguments;
        args.iter()
            .enumerate()
            .zip(&self.used)
            .filter(|((i, a), used)| {
                !**used
                    && !a.name.as_ref().is_some_and(|n| {
                        args[..*i]
                            .iter()
                            .any(|b| b.name.as_ref().is_some_and(|m| m.name == n.name))
                    })
            })
            .map(|((_, a), _)| a)
    }
}
