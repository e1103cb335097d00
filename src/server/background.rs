//! The threads that index in the background. They run at a lower
//! scheduling priority than the threads that answer the editor, so on a
//! busy machine a keystroke's diagnostics do not queue behind indexing.

use std::sync::OnceLock;

/// How much lower than the editor's threads: added to the caller's nice
/// value, up to the lowest priority, 19.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
const NICENESS: i32 = 10;

/// The lowest priority (the highest nice value).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
const LOWEST: i32 = 19;

/// The nice value of a thread lowered from `nice`.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn lowered(nice: i32) -> i32 {
    nice.saturating_add(NICENESS).min(LOWEST)
}

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

/// Lowers the calling thread's priority by [`NICENESS`] from where it is
/// (a server started with `nice -n 15` indexes at 19, not at 10, which
/// would be above the editor's threads). On Linux a nice value belongs to a
/// thread (`who = 0` names the caller); elsewhere it would lower the whole
/// process, so it is left alone.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: `getpriority` and `setpriority` take plain integers and
    // change no memory; errno is the calling thread's.
    unsafe {
        // -1 is a nice value as well as the error return: errno tells.
        *libc::__errno_location() = 0;
        let nice = libc::getpriority(libc::PRIO_PROCESS, 0);
        if nice == -1 && *libc::__errno_location() != 0 {
            return;
        }
        libc::setpriority(libc::PRIO_PROCESS, 0, lowered(nice));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The calling thread's nice value.
    #[cfg(target_os = "linux")]
    fn nice() -> i32 {
        // SAFETY: as above; `getpriority` reads the caller's nice value.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn indexing_threads_run_at_a_lower_priority() {
        let ours = nice();
        let theirs = run(nice);
        assert_eq!(theirs, lowered(ours));
        assert!(theirs > ours || ours == LOWEST);
        assert_eq!(nice(), ours, "the caller keeps its priority");
    }

    /// In a server started with `nice -n 15` the indexing threads go to 19,
    /// below the editor's threads, not back up to 10.
    #[test]
    #[cfg(target_os = "linux")]
    fn the_priority_is_lowered_from_the_callers() {
        let found = std::thread::spawn(|| {
            // SAFETY: as above; raising one's own nice value needs no
            // privilege.
            unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 15.max(nice())) };
            let before = nice();
            lower_priority();
            (before, nice())
        })
        .join()
        .unwrap();
        assert_eq!(found.1, LOWEST, "lowered from {}", found.0);
    }

    #[test]
    fn the_lowered_value_stops_at_the_lowest_priority() {
        assert_eq!(lowered(0), 10);
        assert_eq!(lowered(5), 15);
        assert_eq!(lowered(10), 19);
        assert_eq!(lowered(19), 19);
        assert_eq!(lowered(-5), 5);
    }
}
