//! `presswork schema`: the printed schemas are valid JSON Schemas that the sample's files
//! satisfy, and that catch a misspelt field.

mod common;

use common::project;
use std::process::Command;

fn schema(kind: &str) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_presswork"))
        .args(["schema", kind])
        .output()
        .unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn sample_articles_validate_against_the_article_schema() {
    let validator = jsonschema::validator_for(&schema("article")).expect("a valid schema");
    let dir = project().join("editions/jn-magazine/articles");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let article: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&article)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        n += 1;
    }
    assert!(n >= 10);
    let bad = serde_json::json!({"id": "a", "section": "s", "hedline": "x", "body": []});
    assert!(!validator.is_valid(&bad));
    let bad_block =
        serde_json::json!({"id": "a", "section": "s", "body": [{"type": "paragraph", "txt": "x"}]});
    assert!(!validator.is_valid(&bad_block));
}

#[test]
fn sample_edition_and_layout_validate() {
    for (kind, file) in [
        ("edition", "editions/jn-magazine/edition.toml"),
        ("layout", "layouts/magazine-a4.toml"),
    ] {
        let validator = jsonschema::validator_for(&schema(kind)).expect("a valid schema");
        let value: toml::Value =
            toml::from_str(&std::fs::read_to_string(project().join(file)).unwrap()).unwrap();
        let json = serde_json::to_value(value).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }
}

#[test]
fn unknown_schema_kind_is_bad_input() {
    let output = Command::new(env!("CARGO_BIN_EXE_presswork"))
        .args(["schema", "magazine"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
