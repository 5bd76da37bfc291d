import Cluster
import GlobalLock
import WorkbookSupport

/// ## Exercise 4.3 — Giving up in time
///
/// **The situation.** A game lobby's matchmaker locks the lobby's group before it moves players.
/// When another writer holds that lock for a long time — or is stuck holding it — pg2's `trans`
/// retries for ever, and the matchmaker with it; players wait with no error to show. The team
/// wants a lock that tries hard but gives up at a deadline, so the matchmaker can say "try again"
/// instead of hanging.
///
/// **Your task.** Implement ``transWithin(_:_:requester:from:_:)``: global's `trans` with a
/// deadline `limit` after the call, on `node`'s clock. Edit only this function.
/// - Lock `resource` for `requester` on `node` and every node it is connected to (read once, at
///   the start), with one all-or-nothing attempt at a time
///   (``GlobalLock/Global/attempt(_:holder:on:)``).
/// - Between attempts sleep as global does after the n-th failure: a whole number of
///   milliseconds drawn uniformly from 1…Tmax (``GlobalLock/Global/backoffLimit(afterAttempt:)``),
///   from `node.random`, on `node.clock` — but never past the deadline. If the draw would end
///   after it, sleep until the deadline and make one last attempt there.
/// - If that last attempt fails too (or `limit` is zero and the first one did), throw
///   ``GlobalLock/LockError/aborted(_:)`` for the lock's id, holding nothing anywhere.
/// - Otherwise run `body` while holding the lock, release it on the same nodes afterwards — also
///   when `body` throws — and return `body`'s result.
///
/// **Why it matters in pg2.** pg2 calls `global:trans/2`, which passes `infinity` retries to
/// `trans/4`: a pg2 write waits for its group's lock as long as it takes. `trans/4` can bound the
/// *number* of retries, but with a doubling backoff a retry count says little about time. A
/// deadline says what the caller means. And while a caller backs off it holds nothing, so giving
/// up leaves no trace on any lock server.
///
/// **Hints:** `swift run workbook hint 4.3` (three levels).
public func transWithin<T: Sendable>(
    _ limit: Duration, _ resource: String, requester: Pid, from node: Node,
    _ body: () async throws -> T
) async throws -> T {
    // TODO(4.3): attempt, back off as global does but never past the deadline, then run the body under the lock.
    throw TODO("4.3: take the lock with global's backoff, but give up (aborted) at the deadline")
}
