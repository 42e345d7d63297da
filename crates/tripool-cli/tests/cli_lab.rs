//! `tripool lab` end to end: the binary, its output, its JSON and exit codes.

use std::path::PathBuf;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const EXPERIMENTS: [&str; 5] = [
    "race",
    "semaphore-keys",
    "producer-consumer",
    "isolation",
    "creation-cost",
];

fn tripool() -> Command {
    Command::cargo_bin("tripool").unwrap()
}

fn scratch(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli_lab-{}-{name}", std::process::id()))
}

#[test]
fn quick_lab_prints_a_verdict_per_experiment_and_writes_their_figures_as_json() {
    let json = scratch("all.json");
    let output = tripool()
        .args(["lab", "--quick", "--json"])
        .arg(&json)
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    assert_eq!(
        text.matches("\n  verdict  ").count(),
        EXPERIMENTS.len(),
        "{text}"
    );
    for (i, name) in EXPERIMENTS.iter().enumerate() {
        assert!(
            text.contains(&format!("[{}/{}] {name}\n", i + 1, EXPERIMENTS.len())),
            "{text}"
        );
    }
    assert!(
        text.contains("  seed     002_4e37179c854e1ce7.txt: 「"),
        "{text}"
    );
    assert!(text.contains("5 experiments run: "), "{text}");

    let document: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    std::fs::remove_file(&json).unwrap();
    assert_eq!(document["config"]["quick"], true);
    let findings = document["experiments"].as_array().unwrap();
    let names: Vec<_> = findings
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, EXPERIMENTS);
    for finding in findings {
        let outcome = &finding["outcome"];
        assert!(outcome["verdict"]["holds"].is_boolean(), "{finding}");
        assert!(!outcome["verdict"]["why"].as_str().unwrap().is_empty());
        let figures = outcome["figures"].as_array().unwrap();
        assert!(!figures.is_empty(), "{finding}");
        for figure in figures {
            assert!(
                figure["name"].is_string() && figure["unit"].is_string(),
                "{figure}"
            );
            assert!(figure["value"].is_number(), "{figure}");
        }
        assert!(finding["claim"]["quotes"][0]["words"].is_string());
    }
    assert_eq!(document["tally"]["ran"], 5);
}

#[test]
fn isolation_runs_its_tasks_in_this_binary_started_again_and_holds() {
    let assert = tripool()
        .args(["lab", "--quick", "isolation"])
        .assert()
        .success()
        .stderr("");
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(text.contains("[1/1] isolation\n"), "{text}");
    assert!(text.contains("  verdict  HOLDS: "), "{text}");
    let own = text
        .lines()
        .filter(|l| l.contains(" process ") && l.ends_with(" 4,999,950,000"))
        .count();
    assert_eq!(own, 5, "{text}");
    assert!(text.contains("after the processes: n  0\n"), "{text}");
}

#[test]
fn json_dash_puts_json_on_stdout_and_the_text_on_stderr() {
    let assert = tripool()
        .args(["lab", "semaphore-keys", "--quick", "--json", "-"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("[1/1] semaphore-keys")
                .and(predicate::str::contains("verdict")),
        );
    let document: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(document["experiments"][0]["name"], "semaphore-keys");
    assert!(document["experiments"][0]["outcome"]["figures"].is_array());
}

#[test]
fn an_unknown_experiment_is_a_one_line_usage_error() {
    tripool()
        .args(["lab", "semaphore-keys", "nope", "--quick"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: unknown experiment 'nope' (valid: race, semaphore-keys, \
             producer-consumer, isolation, creation-cost)\n",
        );
}

#[test]
fn an_uncreatable_json_file_fails_before_any_work() {
    tripool()
        .args([
            "lab",
            "--quick",
            "--json",
            "/nonexistent-tripool-dir/out.json",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: --json: cannot create '/nonexistent-tripool-dir/out.json': ",
        ))
        .stderr(
            predicate::str::ends_with("\n")
                .and(predicate::function(|s: &str| s.lines().count() == 1)),
        );
}

#[test]
fn list_names_every_experiment_with_its_claim_and_runs_nothing() {
    let assert = tripool()
        .args(["lab", "--list"])
        .assert()
        .success()
        .stderr("");
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let names: Vec<_> = text
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(names, EXPERIMENTS);
    assert!(text.contains("lose updates"), "{text}");
    assert!(!text.contains("verdict"));
}

#[test]
fn list_with_names_lists_those() {
    tripool()
        .args(["lab", "creation-cost", "--list"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("creation-cost  ")
                .and(predicate::function(|s: &str| s.lines().count() == 1)),
        );
}

#[test]
fn malformed_command_lines_are_usage_errors() {
    tripool().assert().code(2).stdout("");
    tripool()
        .args(["lab", "--frobnicate"])
        .assert()
        .code(2)
        .stdout("");
    tripool()
        .args(["lab", "--list", "--quick"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn help_and_version_succeed() {
    tripool()
        .args(["lab", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--quick").and(predicate::str::contains("--json")));
    tripool()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("tripool "));
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("tripool"))
        .args(["lab", "semaphore-keys", "--quick"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
