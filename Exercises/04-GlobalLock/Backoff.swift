import Cluster
import GlobalLock
import WorkbookSupport

/// ## Exercise 4.2 — Backing off at random
///
/// **The situation.** A job queue runs one pg2 group per queue, and every worker that starts up
/// joins it — after a deploy, forty workers on five nodes at the same second. Each join wants the
/// queue's lock. Most attempts fail; if every loser retried after the same fixed pause, the same
/// forty would collide again, and again. They must wait *different* times, and wait longer the
/// more often they have lost.
///
/// **Your task.** Implement ``backoffDelay(afterAttempt:using:)`` below: how long to sleep after
/// the `attempt`-th failed attempt (1-based), drawing from `random`. Edit only this function.
/// - The ceiling Tmax is 250 ms after the first failure and doubles after each further one —
///   250, 500, 1000, 2000, 4000 — and stays at 8000 ms from the sixth failure on.
/// - Return a whole number of milliseconds drawn uniformly from 1…Tmax, using `random` (never
///   the system generator: a seed must replay the same backoffs).
/// - Do not call ``GlobalLock/Global/backoffLimit(afterAttempt:)``: compute the ceiling yourself.
///
/// **Why it matters in pg2.** A pg2 write that finds its group locked retries for ever, sleeping
/// global's `random_sleep` between tries: uniform up to a ceiling that doubles to 8 s. The
/// randomness breaks the tie between writers that failed together; the doubling thins out a
/// crowd. Chapter 4's ``GlobalLock/Global/setLock(_:holder:on:retries:)`` sleeps exactly this.
///
/// **Hints:** `swift run workbook hint 4.2` (two levels).
public func backoffDelay(afterAttempt attempt: Int, using random: inout some RandomNumberGenerator) throws
    -> Duration
{
    // TODO(4.2): draw a whole number of milliseconds uniformly from 1…Tmax, Tmax = 250 doubling up to 8000.
    throw TODO("4.2: return a random delay of 1…Tmax ms, Tmax = 250·2^(attempt-1) capped at 8000")
}
