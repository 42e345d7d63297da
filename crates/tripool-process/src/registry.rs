//! The [`Task`] trait and the registry of named tasks a worker can run.

#![deny(unsafe_code)]

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::codec::{self, Encoded};

/// A function that runs in a worker process, named so that another process
/// of the same binary can find it. `#[tripool::task]` implements it.
///
/// `#[tripool::task] fn square(x: u64) -> u64` keeps `square` callable and
/// adds `square::Task`, a zero-sized value implementing `Task` with
/// `Args = (u64,)`, `Output = u64` and `NAME = "<module path>::square"`.
/// [`Process::spawn`](crate::Process::spawn) takes that value and the
/// arguments as a tuple (Python's `Process(target=f, args=(x,))`), so both
/// are type-checked.
///
/// # Examples
///
/// ```
/// use tripool_process::Task;
///
/// #[tripool_macros::task]
/// fn add(a: i32, b: i32) -> i32 {
///     a + b
/// }
///
/// assert_eq!(add(2, 3), 5); // still a plain function
/// assert_eq!(<add::Task as Task>::call((2, 3)), 5);
/// assert!(<add::Task as Task>::NAME.ends_with("::add"));
/// ```
pub trait Task: Copy + Send + Sync + 'static {
    /// The arguments, as a tuple.
    type Args: Serialize + DeserializeOwned + 'static;
    /// The result.
    type Output: Serialize + DeserializeOwned + Send + 'static;
    /// The stable name the task is registered under: module path and
    /// function name.
    const NAME: &'static str;
    /// Calls the function.
    fn call(args: Self::Args) -> Self::Output;
}

/// Why a registered task produced no encoded result, in the worker.
#[derive(Debug)]
pub(crate) enum RunError {
    /// The arguments could not be decoded.
    Args(postcard::Error),
    /// The result could not be encoded.
    Output(postcard::Error),
}

/// One task in the registry (built by `#[tripool::task]`).
#[doc(hidden)]
#[derive(Debug)]
pub struct TaskEntry {
    name: &'static str,
    file: &'static str,
    line: u32,
    run: fn(Encoded) -> Result<Encoded, RunError>,
}

impl TaskEntry {
    /// The entry of task `T`, defined at `file:line`.
    pub const fn new<T: Task>(file: &'static str, line: u32) -> Self {
        Self {
            name: T::NAME,
            file,
            line,
            run: run::<T>,
        }
    }

    pub(crate) fn run(&self, args: Encoded) -> Result<Encoded, RunError> {
        (self.run)(args)
    }

    fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

fn run<T: Task>(args: Encoded) -> Result<Encoded, RunError> {
    let args: T::Args = codec::decode(args).map_err(RunError::Args)?;
    let output = T::call(args);
    codec::encode(&output).map_err(RunError::Output)
}

/// Every task of the binary, gathered at link time.
#[doc(hidden)]
#[linkme::distributed_slice]
pub static TASKS: [TaskEntry];

/// Two tasks were registered under one name; neither can be spawned.
///
/// Task names are `module_path!()` plus the function name, so this happens
/// when two `#[task]` functions of one name sit in function bodies of the
/// same module. Rename one of them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("two tasks are named `{name}`: one at {first}, one at {second}")]
pub struct DuplicateTaskError {
    /// The name both tasks have.
    pub name: String,
    /// Where the first is defined (`file:line`).
    pub first: String,
    /// Where the second is defined (`file:line`).
    pub second: String,
}

type Registry = HashMap<&'static str, &'static TaskEntry>;

/// The tasks by name, built once; duplicates make it an error.
fn registry() -> &'static Result<Registry, DuplicateTaskError> {
    static REGISTRY: OnceLock<Result<Registry, DuplicateTaskError>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut map = Registry::with_capacity(TASKS.len());
        for entry in TASKS.iter() {
            if let Some(first) = map.insert(entry.name, entry) {
                let (first, second) = if (first.file, first.line) <= (entry.file, entry.line) {
                    (first, entry)
                } else {
                    (entry, first)
                };
                return Err(DuplicateTaskError {
                    name: entry.name.to_owned(),
                    first: first.location(),
                    second: second.location(),
                });
            }
        }
        Ok(map)
    })
}

/// The task registered as `name`: `Ok(None)` if there is none.
///
/// # Errors
///
/// If two tasks share a name anywhere in the binary.
pub(crate) fn lookup(name: &str) -> Result<Option<&'static TaskEntry>, DuplicateTaskError> {
    match registry() {
        Ok(map) => Ok(map.get(name).copied()),
        Err(error) => Err(error.clone()),
    }
}
