//! Which way each page with a compiled writer is written, from what the
//! dossier's templates override: read from Tera's own parsed templates
//! (the page's parents, the templates they include, the macros they call,
//! through every import), not from a list.
//!
//! - Nothing the page uses is overridden: the compiled writer writes it
//!   all ([`Route::Compiled`]).
//! - Only the frame is (`base.html`, or what it includes or calls), and the
//!   frame reads nothing of the page's own variables: the compiled writer
//!   writes the page's blocks, and Tera renders the dossier's frame around
//!   them through a stand-in child template ([`Route::OwnFrame`]).
//! - The page's template, or a macro its body calls, is overridden: Tera
//!   renders the page ([`Route::Tera`]). A dossier overriding one macro of
//!   `macros.html` sends only the pages calling it (directly or through
//!   other macros) this way.

use std::collections::{BTreeSet, HashMap};
use tera::Tera;
use tera::ast::{Expr, ExprVal, Node};

/// The variables a frame may read for the compiled body to stand in: the
/// ones every page's context has, with the same values.
const FRAME_VARS: [&str; 5] = ["site", "root", "path", "title", "canonical"];

/// The blocks a compiled writer fills (see `compiled::frame::Blocks`).
const SUPPLIED_BLOCKS: [&str; 5] = ["description", "og_type", "head", "body_class", "main"];

/// The variable of the stand-in template holding the page's blocks.
pub(crate) const BLOCKS_VAR: &str = "__dossier_blocks";

/// How the pages of one template with a compiled writer are written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Route {
    /// By the compiled writer, frame and all.
    Compiled,
    /// The body by the compiled writer, the frame by Tera through this
    /// stand-in template (name, text).
    OwnFrame(String, String),
    /// By Tera; the dossier's templates that make it so ("" when the
    /// compiled writers are turned off).
    Tera(Vec<String>),
}

/// The route of the pages of `page`, a built-in template with a compiled
/// writer, given the dossier's templates in `tera`.
pub(crate) fn route(tera: &Tera, page: &str) -> Route {
    let Ok(tpl) = tera.get_template(page) else {
        return Route::Tera(Vec::new());
    };
    let mut body = Uses::default();
    body.template(tera, page);
    let mut frame = Uses::default();
    for parent in &tpl.parents {
        frame.template(tera, parent);
    }
    let own_body = body.overrides(tera);
    if !own_body.is_empty() {
        return Route::Tera(own_body);
    }
    let own_frame = frame.overrides(tera);
    if own_frame.is_empty() {
        return Route::Compiled;
    }
    // The frame is the dossier's own: it may stand around the compiled body
    // when it reads nothing the page's context alone has, and the page's
    // blocks are those a compiled writer fills.
    let top: Vec<&str> = tpl
        .ast
        .iter()
        .filter_map(|n| match n {
            Node::Block(_, b, _) => Some(b.name.as_str()),
            _ => None,
        })
        .collect();
    let nested_clash = tpl.blocks.keys().any(|name| {
        !top.contains(&name.as_str())
            && tpl.parents.iter().any(|p| {
                tera.get_template(p)
                    .is_ok_and(|t| t.blocks.contains_key(name))
            })
    });
    let frame_only = frame.vars.iter().all(|v| FRAME_VARS.contains(&v.as_str()));
    if nested_clash || !frame_only || top.iter().any(|b| !SUPPLIED_BLOCKS.contains(b)) {
        return Route::Tera(own_frame);
    }
    let mut text = String::from("{% extends \"base.html\" %}");
    for b in &top {
        text.push_str(&format!(
            "{{% block {b} %}}{{{{ {BLOCKS_VAR}.{b} | safe }}}}{{% endblock {b} %}}"
        ));
    }
    Route::OwnFrame(format!("__dossier_frame/{page}"), text)
}

/// What some templates use: the templates themselves and those they
/// include, the macros they call, and the variables they read.
#[derive(Default)]
struct Uses {
    templates: BTreeSet<String>,
    /// (macro file, macro name).
    macros: BTreeSet<(String, String)>,
    /// The variables read, by their first name (`site` of `site.title`),
    /// less those the templates bind themselves.
    vars: BTreeSet<String>,
    bound: BTreeSet<String>,
}

/// The macro files `t` imports, by the namespace it calls them with.
fn imports(t: &tera::Template) -> HashMap<&str, &str> {
    t.imported_macro_files
        .iter()
        .map(|(file, ns)| (ns.as_str(), file.as_str()))
        .collect()
}

impl Uses {
    /// Adds `name` and what it includes and calls.
    fn template(&mut self, tera: &Tera, name: &str) {
        if !self.templates.insert(name.to_string()) {
            return;
        }
        let Ok(t) = tera.get_template(name) else {
            return;
        };
        let imports = imports(t);
        self.nodes(tera, name, &imports, &t.ast, true);
        self.vars.retain(|v| !self.bound.contains(v));
    }

    /// Adds the macro `name` of `file` and what it calls.
    fn macro_(&mut self, tera: &Tera, file: &str, name: &str) {
        if !self.macros.insert((file.to_string(), name.to_string())) {
            return;
        }
        let Ok(t) = tera.get_template(file) else {
            return;
        };
        let imports = imports(t);
        if let Some(m) = t.macros.get(name) {
            // A macro reads its arguments only: no variables of the page.
            self.nodes(tera, file, &imports, &m.body, false);
        }
    }

    fn nodes(
        &mut self,
        tera: &Tera,
        file: &str,
        imports: &HashMap<&str, &str>,
        nodes: &[Node],
        reads: bool,
    ) {
        for node in nodes {
            let walk =
                |uses: &mut Uses, body: &[Node]| uses.nodes(tera, file, imports, body, reads);
            match node {
                Node::VariableBlock(_, e) => self.expr(tera, file, imports, e, reads),
                Node::Include(_, names, _) => {
                    for n in names {
                        self.template(tera, n);
                    }
                }
                Node::Set(_, s) => {
                    self.bound.insert(s.key.clone());
                    self.expr(tera, file, imports, &s.value, reads);
                }
                Node::FilterSection(_, f, _) => {
                    for e in f.filter.args.values() {
                        self.expr(tera, file, imports, e, reads);
                    }
                    walk(self, &f.body);
                }
                Node::Block(_, b, _) => walk(self, &b.body),
                Node::Forloop(_, f, _) => {
                    self.bound.insert(f.value.clone());
                    self.bound.extend(f.key.clone());
                    self.bound.insert("loop".into());
                    self.expr(tera, file, imports, &f.container, reads);
                    walk(self, &f.body);
                    if let Some(empty) = &f.empty_body {
                        walk(self, empty);
                    }
                }
                Node::If(i, _) => {
                    for (_, e, body) in &i.conditions {
                        self.expr(tera, file, imports, e, reads);
                        walk(self, body);
                    }
                    if let Some((_, body)) = &i.otherwise {
                        walk(self, body);
                    }
                }
                // Defined here, used when called.
                Node::MacroDefinition(..) => {}
                Node::Super
                | Node::Text(_)
                | Node::Extends(..)
                | Node::ImportMacro(..)
                | Node::Raw(..)
                | Node::Break(_)
                | Node::Continue(_)
                | Node::Comment(..) => {}
            }
        }
    }

    fn expr(
        &mut self,
        tera: &Tera,
        file: &str,
        imports: &HashMap<&str, &str>,
        e: &Expr,
        reads: bool,
    ) {
        for f in &e.filters {
            for a in f.args.values() {
                self.expr(tera, file, imports, a, reads);
            }
        }
        self.val(tera, file, imports, &e.val, reads);
    }

    fn val(
        &mut self,
        tera: &Tera,
        file: &str,
        imports: &HashMap<&str, &str>,
        v: &ExprVal,
        reads: bool,
    ) {
        let expr = |uses: &mut Uses, e: &Expr| uses.expr(tera, file, imports, e, reads);
        match v {
            ExprVal::Ident(name) => {
                if reads {
                    self.ident(name);
                }
            }
            ExprVal::Math(m) => {
                expr(self, &m.lhs);
                expr(self, &m.rhs);
            }
            ExprVal::Logic(l) => {
                expr(self, &l.lhs);
                expr(self, &l.rhs);
            }
            ExprVal::In(i) => {
                expr(self, &i.lhs);
                expr(self, &i.rhs);
            }
            ExprVal::Test(t) => {
                if reads {
                    self.ident(&t.ident);
                }
                for a in &t.args {
                    expr(self, a);
                }
            }
            ExprVal::MacroCall(m) => {
                for a in m.args.values() {
                    expr(self, a);
                }
                let target = if m.namespace == "self" {
                    Some(file)
                } else {
                    imports.get(m.namespace.as_str()).copied()
                };
                if let Some(target) = target {
                    self.macro_(tera, target, &m.name);
                }
            }
            ExprVal::FunctionCall(f) => {
                for a in f.args.values() {
                    expr(self, a);
                }
            }
            ExprVal::Array(items) => {
                for a in items {
                    expr(self, a);
                }
            }
            ExprVal::StringConcat(c) => {
                for v in &c.values {
                    self.val(tera, file, imports, v, reads);
                }
            }
            ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
        }
    }

    /// Records the variables a dotted or indexed name reads: `a` of `a.b`,
    /// `a` and `c` of `a[c]`.
    fn ident(&mut self, name: &str) {
        for (n, part) in name.split(['[', ']']).enumerate() {
            let part = part.trim();
            let root = part.split('.').next().unwrap_or("").trim();
            let literal = root.is_empty()
                || root.starts_with(|c: char| c.is_ascii_digit() || c == '"' || c == '\'');
            // Inside brackets, or the name's start.
            if !literal && (n == 0 || n % 2 == 1) {
                self.vars.insert(root.to_string());
            }
        }
    }

    /// The dossier's overrides among what these use: `templates/NAME`, or
    /// `templates/NAME (macro M)` when the file differs from the built-in
    /// only in macros these do not call.
    fn overrides(&self, tera: &Tera) -> Vec<String> {
        let own = |name: &str| tera.get_template(name).map_or(true, |t| t.path.is_some());
        let mut found = Vec::new();
        let macro_files: BTreeSet<&str> = self.macros.iter().map(|(f, _)| f.as_str()).collect();
        for name in &self.templates {
            if own(name) && !macro_files.contains(name.as_str()) {
                found.push(format!("templates/{name}"));
            }
        }
        for (file, name) in &self.macros {
            if !own(file) {
                continue;
            }
            let builtin = super::templates::BUILTIN
                .iter()
                .find(|(n, _)| n == file)
                .and_then(|(n, text)| tera::Template::new(n, None, text).ok());
            let same = builtin.is_some_and(|b| {
                let mine = tera
                    .get_template(file)
                    .ok()
                    .and_then(|t| t.macros.get(name));
                mine.is_some() && mine == b.macros.get(name)
            });
            if !same {
                found.push(format!("templates/{file} (macro {name})"));
            }
        }
        // A macro file the templates import but whose macros they do not
        // call is no dependency; one they call is judged macro by macro.
        found
    }
}
