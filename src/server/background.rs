//! The threads that index in the background. They run at a lower
//! scheduling priority than the threads that answer the editor, so on a
//! busy machine a keystroke's diagnostics do not queue behind indexing.

use std::sync::OnceLock;

/// How much lower than the editor's threads (a nice value, 0-19).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
const NICENESS: i32 = 10;

/// Runs `f` on the indexing pool (one thread per core, low priority), or
/// on the calling thread if the pool could not be started. Parallel
/// iterators inside `f` use the same pool, and threads `f` spawns inherit
/// the priority.
pub fn run<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("cable-ls-index-{i}"))
            .start_handler(|_| lower_priority())
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

/// Lowers the calling thread's priority. On Linux a nice value belongs to
/// a thread (`who = 0` names the caller); elsewhere it would lower the
/// whole process, so it is left alone.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: `setpriority` takes plain integers and changes no memory.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, NICENESS);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn indexing_threads_run_at_a_lower_priority() {
        // SAFETY: as above; `getpriority` reads the caller's nice value.
        let nice = || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let ours = nice();
        let theirs = super::run(nice);
        assert_eq!(theirs, (ours + super::NICENESS).min(19));
        assert_eq!(nice(), ours, "the caller keeps its priority");
    }
}
