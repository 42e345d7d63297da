//! Joining a worker process with a safety net, for the experiments that
//! start processes.

use std::time::Duration;

use tripool::process::{JoinTimeoutError, Process};

use crate::LabError;

/// How long a lab worker may take before the experiment gives up on it.
const SAFETY_NET: Duration = Duration::from_secs(30);

/// Waits for `process` and returns its task's result; `what` names the task
/// in the error.
///
/// A worker still running after the safety net is killed (its whole group)
/// and the experiment fails as stuck instead of hanging.
pub(crate) fn join_process<T>(process: Process<T>, what: &str) -> Result<T, LabError> {
    match process.join_timeout(SAFETY_NET) {
        Ok(value) => Ok(value),
        Err(JoinTimeoutError::Timeout(process)) => {
            let pid = process.pid();
            // Best effort: the error below is what matters.
            let _ = process.kill();
            Err(LabError::stuck(format!(
                "{what} (pid {pid}) did not finish within {SAFETY_NET:?}"
            )))
        }
        Err(JoinTimeoutError::Failed(error)) => {
            Err(LabError::failed(format!("{what} failed"), error))
        }
    }
}
