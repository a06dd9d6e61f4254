//! Evaluates the parsed file: the imports it makes, the `.env` it loads, the exported object,
//! then the settings Refract uses.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::dotenv::parse_dotenv;
use crate::parser::{Expr, Import, Program, Statement, TemplateExpr};
use crate::{ConfigError, Context, Pos, PrismaConfig, UrlSetting, normalize};

/// What to write instead of a construct the reader cannot evaluate.
const INSTEAD: &str = "write a string literal, `env(\"NAME\")` (from \"prisma/config\"), \
                       `process.env.NAME`, or a template literal or `path.join` of those";

/// The deepest evaluation (real configs need a few levels).
const MAX_EVAL_DEPTH: usize = 64;

#[derive(Debug, Clone)]
enum Value {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Undefined,
    Object(Vec<(String, Expr)>),
    Array(Vec<Expr>),
    DefineConfig,
    EnvFunction,
    PathModule,
    PathFunction(&'static str),
    DotenvModule,
    DotenvConfig,
    FileUrlToPath,
    Require,
    Process,
    ProcessEnv,
    ImportRoot,
    ImportMeta,
    FileUrl,
}

/// An evaluation failure: an environment variable `env()` did not find (deferred for URLs)
/// or something that cannot be read.
struct Fail {
    error: ConfigError,
    missing_variable: bool,
}

type Eval<T> = Result<T, Fail>;

struct Evaluator<'a> {
    file: &'a Path,
    dir: PathBuf,
    cwd: &'a Path,
    imports: &'a [Import],
    consts: HashMap<&'a str, &'a Expr>,
    vars: HashMap<String, String>,
    dotenv_files: Vec<PathBuf>,
    depth: usize,
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Str(s) => !s.is_empty(),
        Value::Num(n) => *n != 0.0 && !n.is_nan(),
        Value::Bool(b) => *b,
        Value::Null | Value::Undefined => false,
        _ => true,
    }
}

fn js_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// The settings of the program.
pub fn settings(
    program: &Program,
    file: &Path,
    context: &Context,
) -> Result<PrismaConfig, ConfigError> {
    let dir = file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut ev = Evaluator {
        file,
        dir,
        cwd: &context.cwd,
        imports: &program.imports,
        consts: HashMap::new(),
        vars: context.vars.clone(),
        dotenv_files: Vec::new(),
        depth: 0,
    };
    let mut exported = None;
    for statement in &program.statements {
        match statement {
            Statement::SideEffectImport(module) if module == "dotenv/config" => {
                ev.load_dotenv(None).map_err(|f| f.error)?;
            }
            Statement::SideEffectImport(..) => {}
            Statement::Const(name, value) => {
                ev.consts.insert(name, value);
            }
            Statement::Expression(expr) => ev.side_effect(expr).map_err(|f| f.error)?,
            Statement::ExportDefault(value, pos) => exported = Some((value, *pos)),
        }
    }
    let Some((exported, pos)) = exported else {
        return Err(ConfigError::in_file(
            file,
            None,
            "the file has no `export default`: export the config, as in \
             `export default defineConfig({ schema: \"prisma/schema.prisma\" })`",
        ));
    };
    let mut value = ev.eval(exported).map_err(|f| f.error)?;
    if let Value::DefineConfig = value {
        return Err(ConfigError::at(
            file,
            pos,
            "`defineConfig` is exported without being called",
        ));
    }
    // `export default defineConfig({…})` evaluates to the object itself.
    if !matches!(value, Value::Object(..)) {
        return Err(ConfigError::at(
            file,
            exported.pos().unwrap_or(pos),
            format!(
                "the default export must be an object (`defineConfig({{…}})`), found {}",
                describe(&value)
            ),
        ));
    }
    let Value::Object(entries) = std::mem::replace(&mut value, Value::Undefined) else {
        unreachable!("checked above")
    };
    let mut config = PrismaConfig {
        file: file.to_path_buf(),
        ..PrismaConfig::default()
    };
    config.schema = ev.path_setting(&entries, "schema", "schema")?;
    if let Some(migrations) = ev.object_setting(&entries, "migrations", "migrations")? {
        config.migrations_path = ev.path_setting(&migrations, "path", "migrations.path")?;
        config.seed = ev.string_setting(&migrations, "seed", "migrations.seed")?;
        config.init_shadow_db =
            ev.string_setting(&migrations, "initShadowDb", "migrations.initShadowDb")?;
    }
    if let Some(datasource) = ev.object_setting(&entries, "datasource", "datasource")? {
        config.url = ev.url_setting(&datasource, "url", "datasource.url")?;
        config.shadow_database_url = ev.url_setting(
            &datasource,
            "shadowDatabaseUrl",
            "datasource.shadowDatabaseUrl",
        )?;
    }
    if let Some(tables) = ev.object_setting(&entries, "tables", "tables")? {
        config.external_tables = ev.string_list(&tables, "external", "tables.external")?;
    }
    if let Some(enums) = ev.object_setting(&entries, "enums", "enums")? {
        config.external_enums = ev.string_list(&enums, "external", "enums.external")?;
    }
    if let Some(views) = ev.object_setting(&entries, "views", "views")? {
        config.views_path = ev.path_setting(&views, "path", "views.path")?;
    }
    if let Some(typed_sql) = ev.object_setting(&entries, "typedSql", "typedSql")? {
        config.typed_sql_path = ev.path_setting(&typed_sql, "path", "typedSql.path")?;
    }
    if let Some(experimental) = ev.object_setting(&entries, "experimental", "experimental")? {
        let mut flags = BTreeMap::new();
        for (name, expr) in &experimental {
            match ev.eval(expr).map_err(|f| f.error)? {
                Value::Bool(b) => {
                    flags.insert(name.clone(), b);
                }
                Value::Undefined => {}
                other => {
                    return Err(ev.error(
                        expr.pos(),
                        format!(
                            "`experimental.{name}` must be `true` or `false`, found {}",
                            describe(&other)
                        ),
                    ));
                }
            }
        }
        config.experimental = flags;
    }
    config.dotenv_files = ev.dotenv_files;
    config.vars = ev.vars;
    Ok(config)
}

fn describe(v: &Value) -> String {
    match v {
        Value::Str(s) => format!("the string {s:?}"),
        Value::Num(n) => format!("the number {}", js_number(*n)),
        Value::Bool(b) => format!("`{b}`"),
        Value::Null => "`null`".to_owned(),
        Value::Undefined => "`undefined`".to_owned(),
        Value::Object(..) => "an object".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        _ => "a function or module".to_owned(),
    }
}

impl<'a> Evaluator<'a> {
    fn error(&self, pos: Option<Pos>, message: impl Into<String>) -> ConfigError {
        ConfigError::in_file(self.file, pos, message)
    }

    fn fail(&self, pos: Option<Pos>, message: impl Into<String>) -> Fail {
        Fail {
            error: self.error(pos, message),
            missing_variable: false,
        }
    }

    fn load_dotenv(&mut self, path: Option<PathBuf>) -> Eval<()> {
        let path = path.unwrap_or_else(|| self.cwd.join(".env"));
        let path = if path.is_absolute() {
            path
        } else {
            self.cwd.join(path)
        };
        // dotenv loads nothing (and says nothing) when the file is missing.
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(());
        };
        for (key, value) in parse_dotenv(&text) {
            self.vars.entry(key).or_insert(value);
        }
        self.dotenv_files.push(normalize(&path));
        Ok(())
    }

    /// An expression statement: only dotenv's `config()` matters.
    fn side_effect(&mut self, expr: &Expr) -> Eval<()> {
        let Expr::Call(callee, args, _) = expr else {
            return Ok(());
        };
        // `require("dotenv").config()` and the like: evaluate the callee where it is readable.
        let Ok(callee) = self.eval(callee) else {
            return Ok(());
        };
        match callee {
            Value::DotenvConfig => {
                let path = match args.first() {
                    Some(options) => match self.eval(options)? {
                        Value::Object(entries) => match lookup(&entries, "path") {
                            Some(p) => match self.eval(p)? {
                                Value::Str(s) => Some(PathBuf::from(s)),
                                Value::Undefined => None,
                                _ => {
                                    return Err(self.fail(
                                        p.pos(),
                                        "dotenv's `path` option must be a string here",
                                    ));
                                }
                            },
                            None => None,
                        },
                        _ => None,
                    },
                    None => None,
                };
                self.load_dotenv(path)
            }
            Value::Require => {
                if let Some(Expr::Str(m, _)) = args.first()
                    && m == "dotenv/config"
                {
                    return self.load_dotenv(None);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn import_of(&self, name: &str) -> Option<&'a Import> {
        self.imports.iter().rev().find(|i| i.local == name)
    }

    fn ident(&mut self, name: &str, pos: Pos) -> Eval<Value> {
        if let Some(expr) = self.consts.get(name).copied() {
            return self.eval(expr);
        }
        if let Some(import) = self.import_of(name) {
            let module = import.module.as_str();
            let imported = import.imported.as_str();
            let value = match (module, imported) {
                ("prisma/config" | "@prisma/config", "defineConfig") => Some(Value::DefineConfig),
                ("prisma/config" | "@prisma/config", "env") => Some(Value::EnvFunction),
                ("path" | "node:path" | "path/posix" | "node:path/posix", "default" | "*") => {
                    Some(Value::PathModule)
                }
                ("path" | "node:path" | "path/posix" | "node:path/posix", f) => {
                    path_function(f).map(Value::PathFunction)
                }
                ("dotenv", "default" | "*") => Some(Value::DotenvModule),
                ("dotenv", "config") => Some(Value::DotenvConfig),
                ("url" | "node:url", "fileURLToPath") => Some(Value::FileUrlToPath),
                _ => None,
            };
            return value.ok_or_else(|| {
                self.fail(
                    Some(pos),
                    format!(
                        "`{name}` (imported from \"{module}\") cannot be evaluated without running \
                         Node.js: {INSTEAD}"
                    ),
                )
            });
        }
        match name {
            "process" => Ok(Value::Process),
            "__dirname" => Ok(Value::Str(self.dir.display().to_string())),
            "__filename" => Ok(Value::Str(self.file.display().to_string())),
            "import" => Ok(Value::ImportRoot),
            "require" => Ok(Value::Require),
            _ => Err(self.fail(
                Some(pos),
                format!(
                    "`{name}` cannot be read: it is neither a constant of this file nor an \
                     import from \"prisma/config\", \"path\" or \"dotenv\"; {INSTEAD}"
                ),
            )),
        }
    }

    /// Evaluates `expr`; bounded in depth (constants referring to each other, or to
    /// themselves, included), so that no input overflows the stack.
    fn eval(&mut self, expr: &Expr) -> Eval<Value> {
        if self.depth >= MAX_EVAL_DEPTH {
            return Err(self.fail(
                expr.pos(),
                "this value refers to itself, or nests too deeply to read (constants referring \
                 to constants, operators)",
            ));
        }
        self.depth += 1;
        let value = self.eval_inner(expr);
        self.depth -= 1;
        value
    }

    fn eval_inner(&mut self, expr: &Expr) -> Eval<Value> {
        Ok(match expr {
            Expr::Str(s, _) => Value::Str(s.clone()),
            Expr::Num(n, _) => Value::Num(*n),
            Expr::Bool(b, _) => Value::Bool(*b),
            Expr::Null(_) => Value::Null,
            Expr::Undefined(_) => Value::Undefined,
            Expr::Ident(name, pos) => self.ident(name, *pos)?,
            Expr::Object(entries, _) => Value::Object(entries.clone()),
            Expr::Array(items, _) => Value::Array(items.clone()),
            Expr::Template(parts, _) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        TemplateExpr::Text(t) => out.push_str(t),
                        TemplateExpr::Expr(e) => {
                            let v = self.eval(e)?;
                            out.push_str(&self.to_string(&v, e.pos())?);
                        }
                    }
                }
                Value::Str(out)
            }
            Expr::Binary(op, left, right, pos) => {
                let l = self.eval(left)?;
                match *op {
                    "??" => {
                        if matches!(l, Value::Null | Value::Undefined) {
                            self.eval(right)?
                        } else {
                            l
                        }
                    }
                    "||" => {
                        if truthy(&l) {
                            l
                        } else {
                            self.eval(right)?
                        }
                    }
                    "&&" => {
                        if truthy(&l) {
                            self.eval(right)?
                        } else {
                            l
                        }
                    }
                    _ => {
                        let r = self.eval(right)?;
                        match (&l, &r) {
                            (Value::Num(a), Value::Num(b)) => Value::Num(a + b),
                            _ => {
                                let a = self.to_string(&l, left.pos().or(Some(*pos)))?;
                                let b = self.to_string(&r, right.pos().or(Some(*pos)))?;
                                Value::Str(a + &b)
                            }
                        }
                    }
                }
            }
            Expr::Member(object, name, pos) => {
                let o = self.eval(object)?;
                self.member(o, name, *pos)?
            }
            Expr::Index(object, index, pos) => {
                let o = self.eval(object)?;
                let key = match self.eval(index)? {
                    Value::Str(s) => s,
                    Value::Num(n) => js_number(n),
                    _ => {
                        return Err(self.fail(
                            index.pos().or(Some(*pos)),
                            format!("a computed property (`[…]`) cannot be read: {INSTEAD}"),
                        ));
                    }
                };
                if let Value::Array(items) = &o
                    && let Ok(i) = key.parse::<usize>()
                {
                    return match items.get(i) {
                        Some(item) => self.eval(&item.clone()),
                        None => Ok(Value::Undefined),
                    };
                }
                self.member(o, &key, *pos)?
            }
            Expr::Call(callee, args, pos) => {
                let f = self.eval(callee)?;
                self.call(f, args, *pos)?
            }
            Expr::Unsupported(what, pos) => {
                return Err(self.fail(
                    Some(*pos),
                    format!("{what} cannot be read without running Node.js: {INSTEAD}"),
                ));
            }
        })
    }

    fn to_string(&self, v: &Value, pos: Option<Pos>) -> Eval<String> {
        Ok(match v {
            Value::Str(s) => s.clone(),
            Value::Num(n) => js_number(*n),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".to_owned(),
            Value::Undefined => "undefined".to_owned(),
            other => {
                return Err(self.fail(
                    pos,
                    format!(
                        "{} cannot be turned into text here: {INSTEAD}",
                        describe(other)
                    ),
                ));
            }
        })
    }

    fn member(&mut self, object: Value, name: &str, pos: Pos) -> Eval<Value> {
        Ok(match (&object, name) {
            (Value::Process, "env") => Value::ProcessEnv,
            (Value::Process, "cwd") => {
                return Err(self.fail(
                    Some(pos),
                    format!("`process.cwd()` cannot be read: {INSTEAD} (a relative path is resolved against the config file's folder)"),
                ));
            }
            (Value::ProcessEnv, var) => self
                .vars
                .get(var)
                .cloned()
                .map_or(Value::Undefined, Value::Str),
            (Value::PathModule, f) => match path_function(f) {
                Some(f) => Value::PathFunction(f),
                None => {
                    return Err(self.fail(
                        Some(pos),
                        format!("`path.{f}` cannot be read: use `path.join` or `path.resolve`"),
                    ));
                }
            },
            (Value::DotenvModule, "config") => Value::DotenvConfig,
            (Value::ImportRoot, "meta") => Value::ImportMeta,
            (Value::ImportMeta, "dirname") => Value::Str(self.dir.display().to_string()),
            (Value::ImportMeta, "filename") => Value::Str(self.file.display().to_string()),
            (Value::ImportMeta, "url") => Value::FileUrl,
            (Value::Object(entries), key) => match lookup(entries, key) {
                Some(e) => {
                    let e = e.clone();
                    self.eval(&e)?
                }
                None => Value::Undefined,
            },
            (Value::Str(s), "length") => Value::Num(s.chars().count() as f64),
            (Value::Undefined | Value::Null, _) => {
                return Err(self.fail(
                    Some(pos),
                    format!(
                        "reading `.{name}` of {} fails in Node.js too",
                        describe(&object)
                    ),
                ));
            }
            _ => {
                return Err(self.fail(
                    Some(pos),
                    format!(
                        "`.{name}` of {} cannot be read: {INSTEAD}",
                        describe(&object)
                    ),
                ));
            }
        })
    }

    fn strings(&mut self, args: &[Expr], what: &str, pos: Pos) -> Eval<Vec<String>> {
        let mut out = Vec::new();
        for arg in args {
            match self.eval(arg)? {
                Value::Str(s) => out.push(s),
                other => {
                    return Err(self.fail(
                        arg.pos().or(Some(pos)),
                        format!("`{what}` needs strings, found {}", describe(&other)),
                    ));
                }
            }
        }
        Ok(out)
    }

    fn call(&mut self, f: Value, args: &[Expr], pos: Pos) -> Eval<Value> {
        match f {
            Value::DefineConfig => match args.first() {
                Some(arg) => self.eval(arg),
                None => Err(self.fail(Some(pos), "`defineConfig` needs the config object")),
            },
            Value::EnvFunction => {
                let names = self.strings(args, "env", pos)?;
                let Some(name) = names.first() else {
                    return Err(self.fail(Some(pos), "`env` needs the variable's name"));
                };
                match self.vars.get(name) {
                    Some(v) => Ok(Value::Str(v.clone())),
                    None => Err(Fail {
                        error: self.error(
                            Some(pos),
                            format!(
                                "Cannot resolve environment variable: {name}. Set it in the \
                                 environment (or in .env, loaded by `import \"dotenv/config\"`), \
                                 or write `process.env.{name}` to leave the setting unset when it \
                                 is missing"
                            ),
                        ),
                        missing_variable: true,
                    }),
                }
            }
            Value::PathFunction(name) => {
                let parts = self.strings(args, &format!("path.{name}"), pos)?;
                Ok(Value::Str(match name {
                    "join" => {
                        let joined: PathBuf = parts.iter().filter(|p| !p.is_empty()).collect();
                        let n = normalize(&joined);
                        if n.as_os_str().is_empty() {
                            ".".to_owned()
                        } else {
                            n.display().to_string()
                        }
                    }
                    "resolve" => {
                        let mut out = self.cwd.to_path_buf();
                        for p in parts {
                            out.push(p);
                        }
                        normalize(&out).display().to_string()
                    }
                    "dirname" => {
                        let p = parts.first().map(PathBuf::from).unwrap_or_default();
                        p.parent()
                            .map_or_else(|| ".".to_owned(), |d| d.display().to_string())
                    }
                    _ => {
                        let p = parts.first().map(PathBuf::from).unwrap_or_default();
                        p.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    }
                }))
            }
            Value::FileUrlToPath => match args.first().map(|a| self.eval(a)).transpose()? {
                Some(Value::FileUrl) => Ok(Value::Str(self.file.display().to_string())),
                _ => Err(self.fail(
                    Some(pos),
                    "`fileURLToPath` is read only of `import.meta.url`",
                )),
            },
            Value::Require => match args.first() {
                Some(Expr::Str(m, _)) if m == "dotenv" => Ok(Value::DotenvModule),
                Some(Expr::Str(m, _)) if m == "path" || m == "node:path" => Ok(Value::PathModule),
                _ => Err(self.fail(
                    Some(pos),
                    format!("`require` of this module cannot be read: {INSTEAD}"),
                )),
            },
            Value::DotenvConfig => Ok(Value::Object(Vec::new())),
            other => Err(self.fail(
                Some(pos),
                format!(
                    "a call of {} cannot be evaluated without running Node.js: {INSTEAD}",
                    match other {
                        Value::Str(_) | Value::Object(..) => describe(&other),
                        _ => "this function".to_owned(),
                    }
                ),
            )),
        }
    }

    fn setting(
        &mut self,
        entries: &[(String, Expr)],
        key: &str,
        name: &str,
    ) -> Result<Option<(Value, Option<Pos>)>, ConfigError> {
        let Some(expr) = lookup(entries, key) else {
            if let Some((_, spread)) = entries.iter().find(|(k, _)| k == "...") {
                return Err(self.error(
                    spread.pos(),
                    format!(
                        "a spread (`...`) hides whether `{name}` is set: write the setting out"
                    ),
                ));
            }
            return Ok(None);
        };
        let expr = expr.clone();
        let v = self.eval(&expr).map_err(|f| f.error)?;
        Ok(Some((v, expr.pos())))
    }

    fn object_setting(
        &mut self,
        entries: &[(String, Expr)],
        key: &str,
        name: &str,
    ) -> Result<Option<Vec<(String, Expr)>>, ConfigError> {
        match self.setting(entries, key, name)? {
            None | Some((Value::Undefined, _)) => Ok(None),
            Some((Value::Object(e), _)) => Ok(Some(e)),
            Some((other, pos)) => Err(self.error(
                pos,
                format!("`{name}` must be an object, found {}", describe(&other)),
            )),
        }
    }

    fn string_setting(
        &mut self,
        entries: &[(String, Expr)],
        key: &str,
        name: &str,
    ) -> Result<Option<String>, ConfigError> {
        match self.setting(entries, key, name)? {
            None | Some((Value::Undefined, _)) => Ok(None),
            Some((Value::Str(s), _)) => Ok(Some(s)),
            Some((other, pos)) => Err(self.error(
                pos,
                format!("`{name}` must be a string, found {}", describe(&other)),
            )),
        }
    }

    fn path_setting(
        &mut self,
        entries: &[(String, Expr)],
        key: &str,
        name: &str,
    ) -> Result<Option<PathBuf>, ConfigError> {
        Ok(self
            .string_setting(entries, key, name)?
            .map(|s| normalize(&self.dir.join(s))))
    }

    fn url_setting(
        &mut self,
        entries: &[(String, Expr)],
        key: &str,
        name: &str,
    ) -> Result<UrlSetting, ConfigError> {
        let Some(expr) = lookup(entries, key).cloned() else {
            return Ok(None);
        };
        match self.eval(&expr) {
            Ok(Value::Str(s)) => Ok(Some(Ok(s))),
            Ok(Value::Undefined | Value::Null) => Ok(None),
            Ok(other) => Err(self.error(
                expr.pos(),
                format!("`{name}` must be a string, found {}", describe(&other)),
            )),
            Err(Fail {
                error,
                missing_variable: true,
            }) => Ok(Some(Err(error))),
            Err(f) => Err(f.error),
        }
    }

    fn string_list(
        &mut self,
        entries: &[(String, Expr)],
        key: &str,
        name: &str,
    ) -> Result<Vec<String>, ConfigError> {
        match self.setting(entries, key, name)? {
            None | Some((Value::Undefined, _)) => Ok(Vec::new()),
            Some((Value::Array(items), _)) => {
                let mut out = Vec::new();
                for item in &items {
                    match self.eval(item).map_err(|f| f.error)? {
                        Value::Str(s) => out.push(s),
                        other => {
                            return Err(self.error(
                                item.pos(),
                                format!("`{name}` must list strings, found {}", describe(&other)),
                            ));
                        }
                    }
                }
                Ok(out)
            }
            Some((other, pos)) => Err(self.error(
                pos,
                format!(
                    "`{name}` must be an array of strings, found {}",
                    describe(&other)
                ),
            )),
        }
    }
}

fn lookup<'e>(entries: &'e [(String, Expr)], key: &str) -> Option<&'e Expr> {
    entries.iter().rev().find(|(k, _)| k == key).map(|(_, e)| e)
}

fn path_function(name: &str) -> Option<&'static str> {
    match name {
        "join" => Some("join"),
        "resolve" => Some("resolve"),
        "dirname" => Some("dirname"),
        "basename" => Some("basename"),
        _ => None,
    }
}
