//! Template recursion found before anything renders: a template that
//! includes or extends itself (directly or through others), or a macro that
//! calls itself (directly or through others), would recurse until the stack
//! overflows and the process aborts, killing `serve` with it.
//!
//! Tera cannot bound that recursion while it renders, and a macro's
//! arguments cannot be shown to shrink, so the rule is static: the include
//! and extends graph, and the macro call graph, must have no cycle. No
//! built-in template recurses; a recursive macro is refused with the chain
//! of calls, and the hint says to unroll it into loops.

use crate::base::diagnostics::Diagnostic;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tera::Template;
use tera::ast::{Expr, ExprVal, Node};

/// (file shown in the error, text) of each template, by name.
pub(super) type Sources = BTreeMap<String, (String, String)>;

/// A graph: each node's edges (to, verb), in a stable order.
type Graph = BTreeMap<String, Vec<(String, &'static str)>>;

/// The first cycle among `templates` (parsed, their inheritance not yet
/// built: Tera's own building recurses forever on some cycles), as an
/// error naming the chain.
pub(super) fn check(
    templates: &HashMap<String, Template>,
    sources: &Sources,
) -> Option<Diagnostic> {
    // What renders what: a template extends and includes templates and
    // calls macros; a macro (node "file::name") calls macros and includes
    // templates. Importing a file's macros is a graph of its own: Tera
    // loads imports recursively when a page renders.
    let mut renders = Graph::new();
    let mut imports = Graph::new();
    for (name, t) in templates {
        let namespaces: BTreeMap<&str, &str> = t
            .imported_macro_files
            .iter()
            .map(|(file, ns)| (ns.as_str(), file.as_str()))
            .collect();
        let resolve = |call: &tera::ast::MacroCall| {
            let file = if call.namespace == "self" {
                Some(name.as_str())
            } else {
                namespaces.get(call.namespace.as_str()).copied()
            };
            file.map(|f| format!("{f}::{}", call.name))
        };
        let mut edges = Vec::new();
        if let Some(parent) = &t.parent {
            edges.push((parent.clone(), "extends"));
        }
        edges_of(&t.ast, &resolve, &mut edges);
        renders.insert(name.clone(), edges);
        for (macro_name, def) in &t.macros {
            let mut edges = Vec::new();
            edges_of(&def.body, &resolve, &mut edges);
            renders.insert(format!("{name}::{macro_name}"), edges);
        }
        imports.insert(
            name.clone(),
            t.imported_macro_files
                .iter()
                .map(|(file, _)| (file.clone(), "imports"))
                .collect(),
        );
    }
    let cycle = find_cycle(&renders).or_else(|| find_cycle(&imports))?;
    let (from, (to, verb)) = &cycle[0];
    let (template, within) = match from.split_once("::") {
        Some((file, m)) => (file, Some(m)),
        None => (from.as_str(), None),
    };
    let (file, text) = sources
        .get(template)
        .map_or((format!("templates/{template}"), ""), |(f, t)| {
            (f.clone(), t.as_str())
        });
    let offset = within
        .and_then(|m| text.find(&format!("macro {m}(")))
        .unwrap_or(0);
    let (word, needle) = match (*verb, to.split_once("::")) {
        ("calls", Some((_, m))) => ("", format!("::{m}(")),
        _ => (verb.trim_end_matches('s'), to.clone()),
    };
    let at = locate(text, offset, word, &needle);
    let chain = chain_text(&cycle);
    Some(
        Diagnostic::error(
            file,
            format!(
                "{} {verb} {}, which leads back to it: {chain}; rendering would never end",
                show(from),
                show(to)
            ),
        )
        .at(at)
        .hint(if *verb == "calls" {
            "dossier does not render a macro that calls itself, even through others (it can never be shown to stop): \
             write the repetition with a `{% for %}` loop"
        } else {
            "remove the include, extends or import that closes the circle: a template cannot contain itself"
        }),
    )
}

/// The edges of one template's or macro's body: includes and macro calls,
/// not looking into the macros it defines (nodes of their own).
fn edges_of(
    body: &[Node],
    resolve: &impl Fn(&tera::ast::MacroCall) -> Option<String>,
    edges: &mut Vec<(String, &'static str)>,
) {
    walk_nodes(body, &mut |node| {
        if let Node::Include(_, names, _) = node {
            edges.extend(names.iter().map(|n| (n.clone(), "includes")));
        }
        node_exprs(node, &mut |e| {
            walk_expr(e, &mut |call| {
                if let Some(to) = resolve(call) {
                    edges.push((to, "calls"));
                }
            })
        });
    });
    edges.sort();
    edges.dedup();
}

/// "`page.html`" or "macro `m` of `macros.html`".
fn show(node: &str) -> String {
    match node.split_once("::") {
        Some((file, m)) => format!("macro `{m}` of `{file}`"),
        None => format!("`{node}`"),
    }
}

/// "`a` → `b` → `a`".
fn chain_text(cycle: &[(String, (String, &'static str))]) -> String {
    let mut parts: Vec<String> = cycle.iter().map(|(a, _)| show(a)).collect();
    parts.push(show(&cycle[0].0));
    parts.join(" → ")
}

/// Line and column (1-based) of the first `needle` in `text` from byte
/// `offset`: quoted, on a line holding `word`, unless `word` is empty.
/// 1:1 if none.
fn locate(text: &str, offset: usize, word: &str, needle: &str) -> (usize, usize) {
    let quoted = [
        format!("\"{needle}\""),
        format!("'{needle}'"),
        format!("`{needle}`"),
    ];
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let first = text[..line_start].matches('\n').count();
    for (i, line) in text[line_start..].lines().enumerate() {
        let skip = if i == 0 { offset - line_start } else { 0 };
        let rest = &line[skip..];
        let hit = if word.is_empty() {
            rest.find(needle)
        } else if line.contains(word) {
            quoted.iter().filter_map(|q| rest.find(q.as_str())).min()
        } else {
            None
        };
        if let Some(mut col) = hit {
            col += skip;
            if word.is_empty() {
                // Back to the start of the macro's namespace: `self::m(`.
                let ns = line[..col]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .map(char::len_utf8)
                    .sum::<usize>();
                col -= ns;
            }
            return (first + i + 1, line[..col].chars().count() + 1);
        }
    }
    (1, 1)
}

/// A cycle of `graph` as its edges (from, (to, verb)); `None` when there
/// is none. The search is iterative: a hostile graph may be deep.
fn find_cycle(graph: &Graph) -> Option<Vec<(String, (String, &'static str))>> {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for start in graph.keys() {
        if done.contains(start.as_str()) {
            continue;
        }
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        let mut on_path: BTreeSet<&str> = BTreeSet::from([start.as_str()]);
        while let Some((node, next)) = path.last_mut() {
            let node: &str = node;
            let edges = graph.get(node).map_or(&[][..], Vec::as_slice);
            let Some((to, _)) = edges.get(*next) else {
                done.insert(node);
                on_path.remove(node);
                path.pop();
                continue;
            };
            *next += 1;
            if on_path.contains(to.as_str()) {
                let from = path.iter().position(|(n, _)| n == to).expect("on the path");
                let cycle = path[from..]
                    .iter()
                    .map(|(n, i)| {
                        let (to, verb) = &graph[*n][i - 1];
                        (n.to_string(), (to.clone(), *verb))
                    })
                    .collect();
                return Some(cycle);
            }
            if !done.contains(to.as_str()) && graph.contains_key(to) {
                on_path.insert(to);
                path.push((to, 0));
            }
        }
    }
    None
}

/// Calls `f` on every node of `nodes`, nested ones included, except the
/// bodies of macro definitions.
fn walk_nodes<'a>(nodes: &'a [Node], f: &mut impl FnMut(&'a Node)) {
    for node in nodes {
        f(node);
        match node {
            // A macro's body is a node of the graph of its own.
            Node::MacroDefinition(..) => {}
            Node::FilterSection(_, section, _) => walk_nodes(&section.body, f),
            Node::Block(_, block, _) => walk_nodes(&block.body, f),
            Node::Forloop(_, l, _) => {
                walk_nodes(&l.body, f);
                if let Some(empty) = &l.empty_body {
                    walk_nodes(empty, f);
                }
            }
            Node::If(i, _) => {
                for (_, _, body) in &i.conditions {
                    walk_nodes(body, f);
                }
                if let Some((_, body)) = &i.otherwise {
                    walk_nodes(body, f);
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` on the expressions a node holds itself (not its children's).
fn node_exprs<'a>(node: &'a Node, f: &mut impl FnMut(&'a Expr)) {
    match node {
        Node::VariableBlock(_, e) => f(e),
        Node::Set(_, set) => f(&set.value),
        Node::Forloop(_, l, _) => f(&l.container),
        Node::If(i, _) => {
            for (_, e, _) in &i.conditions {
                f(e);
            }
        }
        Node::FilterSection(_, s, _) => s.filter.args.values().for_each(f),
        _ => {}
    }
}

/// Calls `f` on every macro call inside `e`.
fn walk_expr<'a>(e: &'a Expr, f: &mut impl FnMut(&'a tera::ast::MacroCall)) {
    for filter in &e.filters {
        filter.args.values().for_each(|a| walk_expr(a, f));
    }
    walk_val(&e.val, f);
}

fn walk_val<'a>(v: &'a ExprVal, f: &mut impl FnMut(&'a tera::ast::MacroCall)) {
    match v {
        ExprVal::MacroCall(call) => {
            f(call);
            call.args.values().for_each(|a| walk_expr(a, f));
        }
        ExprVal::Math(m) => {
            walk_expr(&m.lhs, f);
            walk_expr(&m.rhs, f);
        }
        ExprVal::Logic(l) => {
            walk_expr(&l.lhs, f);
            walk_expr(&l.rhs, f);
        }
        ExprVal::In(i) => {
            walk_expr(&i.lhs, f);
            walk_expr(&i.rhs, f);
        }
        ExprVal::Test(t) => t.args.iter().for_each(|a| walk_expr(a, f)),
        ExprVal::FunctionCall(c) => c.args.values().for_each(|a| walk_expr(a, f)),
        ExprVal::Array(items) => items.iter().for_each(|a| walk_expr(a, f)),
        ExprVal::StringConcat(c) => c.values.iter().for_each(|v| walk_val(v, f)),
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{Sources, check};
    use std::collections::HashMap;

    fn run(files: &[(&str, &str)]) -> Option<String> {
        let mut templates = HashMap::new();
        let mut sources = Sources::new();
        for (name, text) in files {
            templates.insert(
                name.to_string(),
                tera::Template::new(name, None, text).unwrap(),
            );
            sources.insert(
                name.to_string(),
                (format!("templates/{name}"), text.to_string()),
            );
        }
        check(&templates, &sources)
            .map(|d| format!("{}:{}:{} {}", d.file, d.line, d.column, d.message))
    }

    #[test]
    fn templates_without_a_cycle_pass() {
        assert_eq!(
            run(&[
                ("base.html", "{% block main %}{% endblock main %}"),
                (
                    "m.html",
                    "{% macro a(n) %}{{ self::b(n=n) }}{% endmacro a %}{% macro b(n) %}{{ n }}{% endmacro b %}"
                ),
                (
                    "page.html",
                    "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block main %}{{ m::a(n=1) }}{% include \"part.html\" %}{% endblock main %}"
                ),
                ("part.html", "{% import \"m.html\" as m %}{{ m::b(n=2) }}"),
            ]),
            None
        );
    }

    #[test]
    fn an_extends_cycle_not_through_the_first_template_is_found() {
        let e = run(&[
            ("a.html", "{% extends \"b.html\" %}"),
            ("b.html", "{% extends \"c.html\" %}"),
            ("c.html", "\n{% extends \"b.html\" %}"),
        ])
        .unwrap();
        assert!(
            e.starts_with("templates/b.html:1:12 `b.html` extends `c.html`"),
            "{e}"
        );
        assert!(e.contains("`b.html` → `c.html` → `b.html`"), "{e}");
    }

    #[test]
    fn macros_calling_each_other_across_files_are_found() {
        let e = run(&[
            ("x.html", "{% import \"y.html\" as y %}\n{% macro ping(n) %}{{ y::pong(n=n) }}{% endmacro ping %}"),
            ("y.html", "{% import \"x.html\" as x %}{% macro pong(n) %}{{ x::ping(n=n) }}{% endmacro pong %}"),
        ])
        .unwrap();
        assert!(
            e.starts_with(
                "templates/x.html:2:23 macro `ping` of `x.html` calls macro `pong` of `y.html`"
            ),
            "{e}"
        );
    }

    #[test]
    fn a_macro_including_a_template_that_calls_it_is_found() {
        let e = run(&[
            (
                "m.html",
                "{% macro card(n) %}{% include \"card.html\" %}{% endmacro card %}",
            ),
            (
                "card.html",
                "{% import \"m.html\" as m %}{{ m::card(n=1) }}",
            ),
        ])
        .unwrap();
        assert!(
            e.contains("`card.html` → macro `card` of `m.html` → `card.html`"),
            "{e}"
        );
    }

    #[test]
    fn an_import_cycle_is_found() {
        let e = run(&[
            ("x.html", "{% import \"y.html\" as y %}"),
            ("y.html", "{% import \"x.html\" as x %}"),
        ])
        .unwrap();
        assert!(e.contains("`x.html` imports `y.html`"), "{e}");
    }
}
