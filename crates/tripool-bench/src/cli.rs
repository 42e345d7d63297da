//! The command line: raw arguments, validated options, the run, the exit
//! code.

use std::ffi::OsString;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use std::thread;

use anyhow::{Context as _, bail};
use clap::Parser;

use crate::benches;
use crate::harness::{Context, Figure, Settings, measure};
use crate::report::{Exporter, Json, RATIO_RULE, Table, Target};

/// Exit code when every tripool side ran.
const EXIT_OK: u8 = 0;
/// Exit code when a tripool side failed, or the output could not be written.
const EXIT_FAILED: u8 = 1;
/// Exit code for bad arguments (clap uses the same).
const EXIT_USAGE: u8 = 2;

/// tripool side by side with its peers, measured in the same run.
#[derive(Debug, Parser)]
#[command(name = "tripool-bench", after_help = RATIO_RULE)]
struct Args {
    /// Small rounds, few of them: under a minute, for CI smoke runs
    #[arg(long)]
    quick: bool,

    /// Also write the rows as JSON to FILE (`-`: stdout, the table then goes to stderr)
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,

    /// List the figures and exit
    #[arg(long)]
    list: bool,

    /// The interpreter that runs the Python peers
    #[arg(long, value_name = "PROGRAM", default_value = "python3")]
    python: OsString,

    /// Worker threads of every pool [default: the available cores]
    #[arg(long, value_name = "N")]
    workers: Option<NonZeroUsize>,

    /// Run only the figures whose name contains one of these
    #[arg(value_name = "FILTER")]
    filters: Vec<String>,
}

/// Arguments checked and resolved; nothing has run yet.
struct Options {
    settings: Settings,
    context: Context,
    figures: Vec<Figure>,
    json: Option<Target>,
    list: bool,
}

impl Options {
    /// Validates `args`: every filter must select a figure.
    fn new(args: Args) -> anyhow::Result<Self> {
        let mut figures = benches::figures();
        for filter in &args.filters {
            if !figures
                .iter()
                .any(|figure| figure.name.contains(filter.as_str()))
            {
                let names: Vec<_> = figures.iter().map(|figure| figure.name).collect();
                bail!(
                    "no figure matches the filter '{filter}' (figures: {})",
                    names.join(", ")
                );
            }
        }
        if !args.filters.is_empty() {
            figures.retain(|figure| {
                args.filters
                    .iter()
                    .any(|filter| figure.name.contains(filter.as_str()))
            });
        }
        let workers = match args.workers {
            Some(workers) => workers,
            None => thread::available_parallelism().unwrap_or(NonZeroUsize::MIN),
        };
        Ok(Self {
            settings: if args.quick {
                Settings::quick()
            } else {
                Settings::full()
            },
            context: Context {
                python: args.python,
                workers,
            },
            figures,
            json: args.json.map(|path| {
                if path.as_os_str() == "-" {
                    Target::Stdout
                } else {
                    Target::File(path)
                }
            }),
            list: args.list,
        })
    }
}

/// Parses the command line, runs, and maps the outcome to an exit code.
pub(crate) fn main() -> ExitCode {
    let options = match Options::new(Args::parse()) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match run(options) {
        Ok(true) => ExitCode::from(EXIT_OK),
        Ok(false) => ExitCode::from(EXIT_FAILED),
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::from(EXIT_OK),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// Runs the selected figures; returns whether every tripool side ran.
fn run(options: Options) -> anyhow::Result<bool> {
    if options.list {
        let mut out = io::stdout().lock();
        for figure in &options.figures {
            writeln!(out, "{:<22} {}", figure.name, figure.title)?;
        }
        return Ok(true);
    }

    let table: Box<dyn Write> = match options.json {
        Some(Target::Stdout) => Box::new(io::stderr()),
        _ => Box::new(io::stdout()),
    };
    let json_file = match &options.json {
        Some(Target::File(path)) => Some(path.clone()),
        _ => None,
    };
    // JSON first: a `--json` file that cannot be written stops the run
    // before the table starts.
    let mut exporters: Vec<Box<dyn Exporter>> = Vec::new();
    if let Some(target) = options.json {
        exporters.push(Box::new(Json::new(target)));
    }
    exporters.push(Box::new(Table::new(table)));
    let on_json = |result: io::Result<()>| {
        result.with_context(|| match &json_file {
            Some(path) => format!("cannot write '--json {}'", path.display()),
            None => "cannot write the results".to_owned(),
        })
    };

    for exporter in &mut exporters {
        on_json(exporter.start(&options.settings))?;
    }
    let mut all_ran = true;
    for figure in &options.figures {
        for row in measure(figure, &options.settings, &options.context) {
            all_ran &= row.tripool.note.is_none();
            for exporter in &mut exporters {
                on_json(exporter.row(&row))?;
            }
        }
    }
    for exporter in &mut exporters {
        on_json(exporter.finish())?;
    }
    Ok(all_ran)
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|error| error.kind() == io::ErrorKind::BrokenPipe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(args: &[&str]) -> anyhow::Result<Options> {
        let args = std::iter::once("tripool-bench").chain(args.iter().copied());
        Options::new(Args::try_parse_from(args)?)
    }

    #[test]
    fn filters_select_figures_by_substring() {
        let options = options(&["--quick", "event"]).unwrap();
        assert!(options.settings.quick);
        assert!(!options.figures.is_empty());
        assert!(
            options
                .figures
                .iter()
                .all(|figure| figure.name.contains("event"))
        );
    }

    #[test]
    fn a_filter_that_selects_nothing_is_a_usage_error() {
        let error = options(&["no-such-figure"]).err().unwrap();
        assert!(error.to_string().contains("'no-such-figure'"), "{error}");
    }

    #[test]
    fn json_dash_means_stdout() {
        let options = options(&["--json", "-"]).unwrap();
        assert!(matches!(options.json, Some(Target::Stdout)));
    }

    #[test]
    fn figure_names_are_unique() {
        let figures = benches::figures();
        let mut names: Vec<_> = figures.iter().map(|figure| figure.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), figures.len());
    }
}
