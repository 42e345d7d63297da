//! The command line end to end: `--quick` with a filter runs and prints
//! rows, JSON goes where `--json` says, bad input fails before any work.
//! Timings are never asserted.

use assert_cmd::Command;
use predicates::prelude::*;

fn bench() -> Command {
    Command::cargo_bin("tripool-bench").expect("the binary is built")
}

#[test]
fn quick_with_a_filter_prints_one_row_per_peer() {
    bench()
        .args(["--quick", "thread/start-join"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ratio = tripool / peer"))
        .stdout(predicate::str::contains("thread/start-join"))
        .stdout(predicate::str::contains("std::thread::spawn"))
        .stdout(predicate::str::contains("µs/op ↓"));
}

#[test]
fn json_to_stdout_is_a_document_and_the_table_moves_to_stderr() {
    let output = bench()
        .args(["--quick", "--json", "-", "thread/"])
        .output()
        .expect("the binary runs");
    assert!(output.status.success(), "{output:?}");
    let document: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    assert_eq!(document["quick"], true);
    let rows = document["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["figure"], "thread/start-join");
    assert_eq!(row["unit"], "µs/op");
    assert_eq!(row["better"], "lower");
    assert_eq!(row["peer"]["name"], "std::thread::spawn");
    assert!(row["tripool"]["value"].as_f64().is_some_and(|v| v > 0.0));
    assert!(row["ratio"].as_f64().is_some_and(|r| r > 0.0));
    assert_eq!(row["tripool"]["samples"].as_array().map(Vec::len), Some(9));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("thread/start-join"), "{stderr}");
}

#[test]
fn a_missing_python_is_a_note_not_a_failure() {
    bench()
        .args([
            "--quick",
            "--python",
            "tripool-bench-no-such-python",
            "pool/",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "(tripool-bench-no-such-python not found)",
        ));
}

#[test]
fn list_names_every_figure_without_running_any() {
    bench()
        .arg("--list")
        .assert()
        .success()
        .stdout(predicate::str::contains("event/ping-pong"))
        .stdout(predicate::str::contains("pool/submit-result"));
}

#[test]
fn a_filter_that_matches_nothing_is_a_usage_error() {
    bench()
        .arg("no-such-figure")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no figure matches the filter 'no-such-figure'",
        ));
}

#[test]
fn a_json_file_that_cannot_be_written_stops_the_run_before_any_row() {
    bench()
        .args([
            "--quick",
            "--json",
            "/nonexistent-dir/bench.json",
            "thread/",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "cannot write '--json /nonexistent-dir/bench.json'",
        ));
}
