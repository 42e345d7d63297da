//! The lab's public types can cross threads: a runner may run experiments on
//! a worker thread and hand findings to a reporter elsewhere.

use tripool_lab::{
    Claim, Config, Experiment, Figure, Finding, JsonReporter, LabError, LabErrorKind, Outcome,
    Quote, Summary, Tally, TextReporter, Verdict,
};

fn send_sync<T: Send + Sync>() {}
fn send<T: Send>() {}

#[test]
fn public_types_are_send_and_sync() {
    send_sync::<Claim>();
    send_sync::<Quote>();
    send_sync::<Config>();
    send_sync::<Figure>();
    send_sync::<Verdict>();
    send_sync::<Outcome>();
    send_sync::<LabError>();
    send_sync::<LabErrorKind>();
    send_sync::<Finding>();
    send_sync::<Summary>();
    send_sync::<Tally>();
    send_sync::<&'static dyn Experiment>();
}

#[test]
fn reporters_over_sendable_writers_are_send() {
    send::<TextReporter<Vec<u8>>>();
    send::<JsonReporter<std::io::Stdout>>();
}

#[test]
fn every_registered_experiment_is_found_by_name() {
    for experiment in tripool_lab::experiments() {
        let found = tripool_lab::find(experiment.name()).unwrap();
        assert_eq!(found.name(), experiment.name());
    }
}
