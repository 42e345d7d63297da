//! Validated options (stage two): every check that can fail before any work.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use tripool_lab::{Config, Experiment, experiments, find};

use crate::args::{RawArgs, RawCommand, RawLabArgs};

/// What `tripool` was asked to do, checked and resolved.
#[derive(Debug)]
pub(crate) enum Options {
    /// `tripool lab`.
    Lab(LabOptions),
}

/// The options of `tripool lab`, checked and resolved.
pub(crate) struct LabOptions {
    /// The experiments to run, in order, each once.
    pub(crate) experiments: Vec<&'static dyn Experiment>,
    /// How hard they work.
    pub(crate) config: Config,
    /// Where the JSON report goes, if anywhere.
    pub(crate) json: Option<JsonTarget>,
    /// List the experiments instead of running them.
    pub(crate) list: bool,
}

impl std::fmt::Debug for LabOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<_> = self.experiments.iter().map(|e| e.name()).collect();
        f.debug_struct("LabOptions")
            .field("experiments", &names)
            .field("config", &self.config)
            .field("json", &self.json)
            .field("list", &self.list)
            .finish()
    }
}

/// Where `--json` writes.
#[derive(Debug)]
pub(crate) enum JsonTarget {
    /// `--json -`: standard output (the text report goes to stderr).
    Stdout,
    /// `--json FILE`: the file, created (or truncated) during validation.
    File {
        /// The path given.
        path: PathBuf,
        /// The file, open for writing.
        file: File,
    },
}

/// A command line that parsed but cannot be run; nothing has started.
#[derive(Debug, thiserror::Error)]
pub(crate) enum UsageError {
    /// An experiment name that is not in the registry.
    #[error("unknown experiment '{name}' (valid: {valid})")]
    UnknownExperiment {
        /// The name given.
        name: String,
        /// The valid names, joined by `", "`.
        valid: String,
    },
    /// The `--json` file could not be created.
    #[error("--json: cannot create '{}'", path.display())]
    JsonFile {
        /// The path given.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

impl Options {
    /// Checks `raw` and resolves names and files.
    ///
    /// # Errors
    ///
    /// A [`UsageError`] for an unknown experiment or a `--json` file that
    /// cannot be created.
    pub(crate) fn from_raw(raw: RawArgs) -> Result<Self, UsageError> {
        match raw.command {
            RawCommand::Lab(lab) => LabOptions::from_raw(lab).map(Self::Lab),
        }
    }
}

impl LabOptions {
    fn from_raw(raw: RawLabArgs) -> Result<Self, UsageError> {
        let experiments = resolve(&raw.experiments)?;
        let json = raw.json.as_deref().map(json_target).transpose()?;
        Ok(Self {
            experiments,
            config: Config::new(raw.quick),
            json,
            list: raw.list,
        })
    }
}

/// The named experiments in the order given, each once; all if none is named.
fn resolve(names: &[String]) -> Result<Vec<&'static dyn Experiment>, UsageError> {
    if names.is_empty() {
        return Ok(experiments().to_vec());
    }
    let mut chosen: Vec<&'static dyn Experiment> = Vec::new();
    for name in names {
        let experiment = find(name).ok_or_else(|| UsageError::UnknownExperiment {
            name: name.clone(),
            valid: experiments()
                .iter()
                .map(|e| e.name())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        if !chosen.iter().any(|e| e.name() == experiment.name()) {
            chosen.push(experiment);
        }
    }
    Ok(chosen)
}

fn json_target(path: &Path) -> Result<JsonTarget, UsageError> {
    if path == Path::new("-") {
        return Ok(JsonTarget::Stdout);
    }
    match File::create(path) {
        Ok(file) => Ok(JsonTarget::File {
            path: path.to_owned(),
            file,
        }),
        Err(source) => Err(UsageError::JsonFile {
            path: path.to_owned(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab(args: &[&str]) -> Result<LabOptions, UsageError> {
        let argv = ["tripool", "lab"].iter().chain(args).map(Into::into);
        let Options::Lab(lab) = Options::from_raw(RawArgs::parse_from_os(argv).unwrap())?;
        Ok(lab)
    }

    fn names(options: &LabOptions) -> Vec<&'static str> {
        options.experiments.iter().map(|e| e.name()).collect()
    }

    #[test]
    fn no_names_means_every_experiment_in_registry_order() {
        let options = lab(&[]).unwrap();
        let all: Vec<_> = experiments().iter().map(|e| e.name()).collect();
        assert_eq!(names(&options), all);
        assert!(!options.config.quick && !options.list && options.json.is_none());
    }

    #[test]
    fn names_keep_their_order_and_repeats_run_once() {
        let all: Vec<_> = experiments().iter().map(|e| e.name()).collect();
        let Some((&first, rest)) = all.split_first() else {
            return;
        };
        let Some(&last) = rest.last() else { return };
        let options = lab(&[last, first, last]).unwrap();
        assert_eq!(names(&options), [last, first]);
    }

    #[test]
    fn an_unknown_name_is_named_with_the_valid_ones() {
        let error = lab(&["nope"]).unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("unknown experiment 'nope' (valid: "),
            "{message}"
        );
        for experiment in experiments() {
            assert!(message.contains(experiment.name()), "{message}");
        }
        assert!(!message.contains('\n'));
    }

    #[test]
    fn json_dash_means_stdout() {
        let options = lab(&["--quick", "--json", "-"]).unwrap();
        assert!(matches!(options.json, Some(JsonTarget::Stdout)));
        assert!(options.config.quick);
    }

    #[test]
    fn an_uncreatable_json_file_fails_before_any_work() {
        let error = lab(&["--json", "/nonexistent-dir/x/findings.json"]).unwrap_err();
        assert!(matches!(error, UsageError::JsonFile { .. }));
        assert!(error.to_string().starts_with("--json: cannot create"));
    }
}
