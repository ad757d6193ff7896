//! Puts rendered types into files: one flat `types` module split into chunks by first
//! letter, each kept under a line budget, so no file grows unreasonably large.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::emit::OpsStyle;
use crate::ir::Api;
use crate::tags::{self, Gate, Tag};
use crate::{emit, render, Config, GeneratedFile};

/// Renders the whole generated tree: the operations' files and, when the types have a
/// crate of their own, the types' files apart.
pub fn files(
    api: &Api,
    tags: &[Tag],
    config: &Config,
) -> Result<(Vec<GeneratedFile>, Vec<GeneratedFile>), Diagnostics> {
    let max_lines = config.max_file_lines;
    let header = render::header(&api.source.sha256);
    let users = tags::type_users(api, tags);
    let gates = if config.cargo_features { tags::type_gates(tags, &users) } else { vec![None; api.types.len()] };
    // With features, a type no tag's operations reach (a union every field that held it
    // narrows to one member) is not emitted: no feature could compile it.
    let emitted: Vec<bool> = match config.cargo_features && !config.include_unreferenced {
        true => users.iter().map(tags::Users::any).collect(),
        false => vec![true; api.types.len()],
    };
    let rendered = render_types(api, &gates, &emitted)?;
    let mut by_letter: BTreeMap<char, Vec<(&str, String)>> = BTreeMap::new();
    for (name, code) in &rendered {
        let letter = name.chars().next().unwrap_or('_').to_ascii_lowercase();
        by_letter.entry(letter).or_default().push((name, code.clone()));
    }
    let prelude = render::format(emit::chunk_prelude(), "a chunk prelude").map_err(bug)?;
    let mut files = Vec::new();
    let mut chunk_names = Vec::new();
    // The header and prelude count towards each file's lines too.
    let overhead = format!("{header}{prelude}\n").lines().count();
    for (letter, mut items) in by_letter {
        items.sort_by(|a, b| a.0.cmp(b.0));
        let chunks = split(items, max_lines.saturating_sub(overhead).max(1));
        let numbered = chunks.len() > 1;
        for (i, chunk) in chunks.into_iter().enumerate() {
            let name = if numbered { format!("{letter}{}", i + 1) } else { letter.to_string() };
            let body: Vec<String> = chunk.into_iter().map(|(_, code)| code).collect();
            let contents = format!("{header}{prelude}\n{}", body.join("\n"));
            files.push(GeneratedFile { path: format!("types/{name}.rs"), contents });
            chunk_names.push(name);
        }
    }
    let types_mod = render::format(emit::types_module(&chunk_names), "types/mod.rs").map_err(bug)?;
    files.push(GeneratedFile { path: "types/mod.rs".into(), contents: format!("{header}{types_mod}") });
    // The forms of the answer types sit with the types, so a change to the fake does not
    // compile them again.
    let forms = config.target.mock_tables(config.cargo_features);
    if forms {
        let code = render::format(emit::forms_module(api), "forms.rs").map_err(bug)?;
        files.push(GeneratedFile { path: "forms.rs".into(), contents: format!("{header}{code}") });
    }
    let mut type_files = Vec::new();
    if config.types_crate.is_some() {
        type_files = std::mem::take(&mut files);
        let by_tag = render::format(emit::by_tag_module(api, tags, &users, &gates), "by_tag.rs").map_err(bug)?;
        type_files.push(GeneratedFile { path: "by_tag.rs".into(), contents: format!("{header}{by_tag}") });
        let root = render::format(emit::types_root(api, forms), "mod.rs of the types").map_err(bug)?;
        type_files.push(GeneratedFile { path: "mod.rs".into(), contents: format!("{header}{root}") });
        type_files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    files.extend(operation_files(api, tags, config, &header)?);
    let root = render::format(emit::root_module(api, config), "mod.rs").map_err(bug)?;
    files.push(GeneratedFile { path: "mod.rs".into(), contents: format!("{header}{root}") });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, type_files))
}

/// `ops/mod.rs` and one `ops/<tag>.rs` per tag; where the mock is, `tables/mod.rs` and one
/// `tables/<tag>.rs` per tag.
fn operation_files(api: &Api, tags: &[Tag], config: &Config, header: &str) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let style = ops_style(config);
    // The mock's checks, where the mock is: inside atlas-api, behind its features.
    let checks = style.mock_tables().then(|| emit::CheckTable::new(api, style.target));
    let per_tag = in_parallel(tags.len(), |i| {
        let tag = &tags[i];
        let (module, tables) = emit::tag_module(api, tag, &style, checks.as_ref());
        let code = render::format(module, &tag.name).map_err(bug)?;
        let mut made =
            vec![GeneratedFile { path: format!("ops/{}.rs", tag.module), contents: format!("{header}{code}") }];
        if let Some(tables) = tables {
            let code = render::format(tables, &tag.name).map_err(bug)?;
            made.push(GeneratedFile { path: format!("tables/{}.rs", tag.module), contents: format!("{header}{code}") });
        }
        Ok(made)
    })?;
    let mut files: Vec<GeneratedFile> = per_tag.into_iter().flatten().collect();
    let code = render::format(emit::ops_module(tags, &style), "ops/mod.rs").map_err(bug)?;
    files.push(GeneratedFile { path: "ops/mod.rs".into(), contents: format!("{header}{code}") });
    if style.mock_tables() {
        let code = render::format(emit::tables_root(tags, &style), "tables/mod.rs").map_err(bug)?;
        files.push(GeneratedFile { path: "tables/mod.rs".into(), contents: format!("{header}{code}") });
    }
    if let Some(checks) = &checks {
        let code = render::format(checks.module(), "checks.rs").map_err(bug)?;
        files.push(GeneratedFile { path: "checks.rs".into(), contents: format!("{header}{code}") });
    }
    if config.testkit {
        files.extend(testkit_files(api, tags, &style, header)?);
    }
    Ok(files)
}

/// How the operations reach the runtime, from the config.
fn ops_style(config: &Config) -> OpsStyle {
    OpsStyle { target: config.target, features: config.cargo_features, types_crate: config.types_crate.clone() }
}

/// `testkit/`: the cases and callers of every tag, and the spec's examples by type.
fn testkit_files(api: &Api, tags: &[Tag], style: &OpsStyle, header: &str) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let mut files = Vec::new();
    let chunks: Vec<_> = api.examples.chunks(emit::EXAMPLES_PER_FILE).collect();
    for (n, chunk) in chunks.iter().enumerate() {
        let code = render::format(emit::examples_module(api, chunk), "examples").map_err(bug)?;
        files.push(GeneratedFile {
            path: format!("testkit/examples_{}.rs", n + 1),
            contents: format!("{header}{code}"),
        });
    }
    let code = render::format(emit::testkit_root(tags, chunks.len(), style), "testkit/mod.rs").map_err(bug)?;
    files.push(GeneratedFile { path: "testkit/mod.rs".into(), contents: format!("{header}{code}") });
    let code = render::format(emit::unions_module(api, style), "testkit/unions.rs").map_err(bug)?;
    files.push(GeneratedFile { path: "testkit/unions.rs".into(), contents: format!("{header}{code}") });
    for tag in tags {
        let code = render::format(emit::testkit_module(api, tag, style), &tag.name).map_err(bug)?;
        files.push(GeneratedFile { path: format!("testkit/{}.rs", tag.module), contents: format!("{header}{code}") });
    }
    Ok(files)
}

/// Each type that is `emitted` rendered on its own (in parallel), as (name, code), and a
/// union's accessors as an item of their own right after it (the name sorts so).
fn render_types(api: &Api, gates: &[Option<Gate>], emitted: &[bool]) -> Result<Vec<(String, String)>, Diagnostics> {
    let rendered = in_parallel(api.types.len(), |i| {
        let mut items = Vec::new();
        if !emitted[i] {
            return Ok(items);
        }
        let (def, gate) = (&api.types[i], gates[i].as_ref().map(Gate::attribute));
        let render = |tokens| {
            render::format_gated(tokens, gate.as_ref(), &def.name)
                .map_err(|e| Diagnostics::single(def.source.clone(), format!("generator bug: {e}")))
        };
        items.push((def.name.clone(), render(emit::emit_type(api, def))?));
        if let Some(accessors) = emit::emit_accessors(api, def) {
            items.push((format!("{} accessors", def.name), render(accessors)?));
        }
        Ok(items)
    })?;
    Ok(rendered.into_iter().flatten().collect())
}

/// `render(i)` for every `i` below `count`, on every core, in order of `i`. Thread `t` takes
/// every `threads`-th item from `t`, since items differ in size (one tag has 40 times the
/// operations of another). Tokens are not `Send`: each call builds and renders its own.
fn in_parallel<R, F>(count: usize, render: F) -> Result<Vec<R>, Diagnostics>
where
    R: Send,
    F: Fn(usize) -> Result<R, Diagnostics> + Sync,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let results: Vec<Result<Vec<(usize, R)>, Diagnostics>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|first| {
                let render = &render;
                scope.spawn(move || (first..count).step_by(threads).map(|i| Ok((i, render(i)?))).collect())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(bug("a render thread panicked".into())))).collect()
    });
    let mut all = Vec::with_capacity(count);
    for result in results {
        all.extend(result?);
    }
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, item)| item).collect())
}

/// Splits sorted items into runs of at most `max_lines` lines (an item larger than that
/// gets a file of its own).
fn split(items: Vec<(&str, String)>, max_lines: usize) -> Vec<Vec<(&str, String)>> {
    let mut chunks = vec![Vec::new()];
    let mut lines = 0;
    for item in items {
        let n = item.1.lines().count() + 1;
        if lines + n > max_lines && !chunks.last().is_some_and(Vec::is_empty) {
            chunks.push(Vec::new());
            lines = 0;
        }
        lines += n;
        chunks.last_mut().expect("never empty").push(item);
    }
    chunks
}

fn bug(message: String) -> Diagnostics {
    Diagnostics::single(Pointer::root(), format!("generator bug: {message}"))
}
