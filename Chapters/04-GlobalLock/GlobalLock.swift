/// # Chapter 4 — The global lock
///
/// After this chapter you can make a piece of code run on one node at a time across a whole
/// cluster — the way pg2 serialises every write to a group — and you know what that costs.
///
/// ## What you will learn
/// - How `global:trans` builds a cluster-wide lock from one lock server per node.
/// - Why an attempt must be all-or-nothing, and why failed attempts back off *randomly*.
/// - How monitors keep a dead holder from locking a resource for ever.
/// - What a lock means in a partition: each side locks only what it can see.
/// - What every pg2 write pays for it: three synchronous rounds across the cluster.
///
/// ## The original
/// | global.erl | here |
/// |---|---|
/// | `{ResourceId, LockRequesterId}` | ``LockID`` |
/// | `global_name_server`'s lock table, `handle_set_lock`, `handle_del_lock` | ``LockServer`` |
/// | `set_lock_on_nodes`, `check_replies`, `local_lock_check` | ``Global/attempt(_:holder:on:)`` |
/// | `set_lock/3`, `random_sleep/1` | ``Global/setLock(_:holder:on:retries:)``, ``Global/backoffLimit(afterAttempt:)`` |
/// | `del_lock/2` | ``Global/release(_:holder:on:)`` |
/// | `trans/4` | ``Global/trans(_:requester:on:retries:_:)`` |
/// | a dead or unreachable holder's locks deleted (`handle_info({'DOWN', …})` → `delete_lock`; a lost node arrives as a `noconnection` DOWN) | the lock server's monitors |
/// | `aborted` | ``LockError/aborted(_:)`` |
///
/// ## How it works
/// **A lock server per node.** Each node's lock server knows which requester holds which
/// resource *on that node*. "Locked in the cluster" means: locked on every node the caller can
/// see. A server answers at once — it grants if the resource is free or already held by the same
/// requester, and refuses otherwise. It never queues a request.
///
/// **All or nothing.** An attempt asks every target node at once. Suppose two callers, on a and
/// on c, want the same group at the same moment: a's request may reach a first and c's reach c
/// first, so each holds part of the cluster. If they kept their parts and waited, they would wait
/// for each other for ever. Instead, a caller that gets any refusal gives back every grant it got
/// and tries again later. Two contenders can therefore both fail — which is why they must not
/// retry in lockstep.
///
/// **Random backoff.** After its n-th failure a caller sleeps a random time between 1 ms and
/// Tmax, where Tmax starts at 250 ms and doubles up to 8 s. Randomness makes it unlikely that two
/// losers collide again; the growing ceiling spreads out a crowd. On virtual time all this
/// sleeping is free: a test with a dozen contenders backing off for seconds runs in milliseconds.
///
/// **Exclusion needs overlap.** Two callers exclude each other only through a lock server they
/// both ask: their target lists must share a node. pg2 locks every node it sees, so any two
/// writers meet everywhere. `trans` also takes an explicit node list (global's `trans/3`): give
/// each caller only its own node and three transactions run side by side, each "holding" the
/// lock. `swift run workbook explore lock-own-node` shows it with no reordering at all, while
/// `explore lock` — every node — finds no order in which two callers are inside at once.
///
/// **Death releases.** A lock server monitors every holder. If the holder process dies, or the
/// connection to its node is lost, its locks on that server go. A writer that crashes mid-write
/// cannot block a group for ever.
///
/// **The cost, in a trace.** A pg2 join on three nodes is three rounds of calls, each to every
/// node: lock, the join itself (chapter 5), unlock.
/// ```
/// a -> b call … LockServer.setLock(_:holder:)      ┐ round 1: lock
/// a -> c call … LockServer.setLock(_:holder:)      ┘
/// a -> b call … PG2Server.join(_:_:)               ┐ round 2: the write
/// a -> c call … PG2Server.join(_:_:)               ┘
/// a -> b call … LockServer.deleteLock(_:holder:)   ┐ round 3: unlock
/// a -> c call … LockServer.deleteLock(_:holder:)   ┘
/// ```
/// pg2 used infinite timeouts: one node whose server never answers stalls every write.
///
/// ## The Swift it relies on
/// Structured concurrency (a multicall's requests run as child tasks of a task group);
/// `Clock.sleep(for:)` on the node's virtual clock; `RandomNumberGenerator` and
/// `Int.random(in:using:)`; `do`/`catch` around the body, so that a lock is released on every path
/// out of a transaction, also when the body throws.
///
/// ## Where Swift differs
/// > Note: An Erlang caller *is* a process, so `self()` is the natural requester. A Swift task is
/// > not a process and has no pid; ``Global/trans(_:requester:on:retries:_:)`` therefore runs each
/// > transaction as a short-lived process of its own (``Cluster/Node/withProcess(_:)``), which
/// > ends (and so releases anything left behind) when the transaction is over.
///
/// > Note: Sleeping uses the node's clock (`node.clock.sleep`) and draws from `node.random`, so a
/// > seed replays the same contention and the same backoffs.
///
/// ## What this chapter leaves out
/// - global's name registry and its connection protocol: pg2 uses only the lock.
/// - Deadlock: a caller that locks one resource at a time cannot deadlock; pg2 never takes two.
/// - Partitions: each side locks only the nodes it sees, so two sides can write the same group at
///   once. Chapter 6 shows what that does.
public enum GlobalLockChapter {}
