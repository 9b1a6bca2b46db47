//! Both languages say everything, and nothing is written that no code says: every key the
//! code names (`msg!`, `t!`) exists in English and in Chinese with the same arguments, and
//! every key in either language is named by some code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// The crates whose code shows people text.
const SOURCE_ROOTS: [&str; 4] = ["app/src", "domain/src", "server/src", "i18n/src"];

/// A language's messages: key → the `$arguments` its text uses.
type Catalogue = BTreeMap<String, BTreeSet<String>>;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the i18n crate sits in the workspace")
        .to_path_buf()
}

fn files_under(dir: &Path, extension: &str, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|error| panic!("{dir:?}: {error}"));
    for entry in entries {
        let path = entry.expect("a readable directory entry").path();
        if path.is_dir() {
            files_under(&path, extension, found);
        } else if path.extension().is_some_and(|ext| ext == extension) {
            found.push(path);
        }
    }
}

fn catalogue(language: &str) -> Catalogue {
    let mut files = Vec::new();
    files_under(
        &workspace().join("i18n/locales").join(language),
        "ftl",
        &mut files,
    );
    assert!(!files.is_empty(), "no message files for {language}");
    let mut messages = Catalogue::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable message file");
        messages.extend(messages_of(&text).unwrap_or_else(|error| panic!("{file:?}: {error}")));
    }
    messages
}

/// The messages of one Fluent file, or why it is not valid Fluent.
fn messages_of(text: &str) -> Result<Catalogue, String> {
    let resource = fluent_syntax::parser::parse(text)
        .map_err(|(_, errors)| format!("not valid Fluent: {errors:?}"))?;
    let mut messages = Catalogue::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let mut arguments = BTreeSet::new();
            if let Some(value) = &message.value {
                pattern_arguments(value, &mut arguments);
            }
            for attribute in &message.attributes {
                pattern_arguments(&attribute.value, &mut arguments);
            }
            let key = message.id.name.to_owned();
            if messages.insert(key.clone(), arguments).is_some() {
                return Err(format!("`{key}` is written twice"));
            }
        }
    }
    Ok(messages)
}

fn pattern_arguments(pattern: &Pattern<&str>, arguments: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_arguments(expression, arguments);
        }
    }
}

fn expression_arguments(expression: &Expression<&str>, arguments: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_arguments(selector, arguments);
            for variant in variants {
                pattern_arguments(&variant.value, arguments);
            }
        }
        Expression::Inline(inline) => inline_arguments(inline, arguments),
    }
}

fn inline_arguments(inline: &InlineExpression<&str>, arguments: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            arguments.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference {
            arguments: call, ..
        } => {
            for positional in &call.positional {
                inline_arguments(positional, arguments);
            }
        }
        InlineExpression::Placeable { expression } => expression_arguments(expression, arguments),
        _ => {}
    }
}

/// The keys `source` names: the first string literal of each `msg!(` and `t!(` call (in
/// `t!` the key follows the language, which is never a string literal), outside comments.
fn keys_named_in(source: &str) -> BTreeSet<String> {
    let code: String = source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let source = code.as_str();
    let mut keys = BTreeSet::new();
    for macro_call in ["msg!(", "t!("] {
        for (at, _) in source.match_indices(macro_call) {
            // `t!(` ends `assert!(` and `format!(`: only a whole macro name counts.
            let before = source[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &source[at + macro_call.len()..];
            let Some(open) = rest.find('"') else { continue };
            if let Some(length) = rest[open + 1..].find('"') {
                keys.insert(rest[open + 1..open + 1 + length].to_owned());
            }
        }
    }
    keys
}

fn keys_named_in_code() -> BTreeSet<String> {
    let mut files = Vec::new();
    for root in SOURCE_ROOTS {
        files_under(&workspace().join(root), "rs", &mut files);
    }
    files
        .iter()
        .flat_map(|file| keys_named_in(&std::fs::read_to_string(file).expect("readable source")))
        .collect()
}

/// What is wrong between the code's keys and the two languages' catalogues.
fn problems(named: &BTreeSet<String>, languages: &[(&str, Catalogue)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (language, messages) in languages {
        for key in named {
            if !messages.contains_key(key) {
                problems.push(format!(
                    "`{key}` is named in code but missing in {language}"
                ));
            }
        }
        for key in messages.keys() {
            if !named.contains(key) {
                problems.push(format!("`{key}` in {language} is named by no code"));
            }
        }
    }
    let (first, first_messages) = &languages[0];
    for (language, messages) in &languages[1..] {
        for (key, arguments) in messages {
            match first_messages.get(key) {
                Some(first_arguments) if first_arguments != arguments => problems.push(format!(
                    "`{key}` uses {arguments:?} in {language} but {first_arguments:?} in {first}"
                )),
                _ => {}
            }
        }
    }
    problems
}

#[test]
fn every_key_is_in_both_languages_and_named_by_code() {
    let languages = [("en", catalogue("en")), ("zh-CN", catalogue("zh-CN"))];
    let problems = problems(&keys_named_in_code(), &languages);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_finds_a_missing_an_unused_and_a_mismatched_key() {
    let named = keys_named_in(
        "let a = msg!(\"shared\", count = 2); let b = t!(language, \"only-code\");\n\
         assert!(x, \"no\");\n/// msg!(\"in-a-comment\")",
    );
    assert_eq!(
        named,
        BTreeSet::from(["shared".to_owned(), "only-code".to_owned()])
    );
    let en = messages_of("shared = { $count } items\nonly-english = Hi\n").unwrap();
    let zh = messages_of("shared = { $total } 项\n").unwrap();
    let problems = problems(&named, &[("en", en), ("zh-CN", zh)]);
    assert_eq!(
        problems,
        [
            "`only-code` is named in code but missing in en",
            "`only-english` in en is named by no code",
            "`only-code` is named in code but missing in zh-CN",
            "`shared` uses {\"total\"} in zh-CN but {\"count\"} in en",
        ]
    );
    assert!(messages_of("broken = {").is_err());
    assert!(messages_of("twice = a\ntwice = b\n").is_err());
}
