/// # Chapter 3 — The single-node server
///
/// After this chapter you have pg2, complete, on one node: a server that owns the table and
/// serialises every write, reads that bypass it, and pg2's whole API with its errors.
///
/// ## What you will learn
/// - How a `gen_server` becomes a Swift distributed actor, call by call.
/// - Why pg2 routes writes through one server but lets reads go straight to the table.
/// - How `ensure_started` gives every node exactly one server, started on first use.
/// - pg2's rules for `get_closest_pid`, and what "random" means there.
/// - Where a Swift actor's re-entrancy would break a gen_server's assumptions, and how to avoid it.
///
/// ## The original
/// | pg2.erl | here |
/// |---|---|
/// | the `gen_server` registered as `pg2`, `init/1` | ``PG2Server``, ``PG2Server/init(actorSystem:)`` |
/// | `ensure_started`, `start/0`, `start_link/0` | ``Cluster/NamedServer/ensureStarted(on:)``, which every ``GroupServer`` has |
/// | `terminate/2` (the table dies with the server) | a new server publishes a new, empty table |
/// | `handle_call({create, Name}, …)` … `({leave, Name, Pid}, …)` | ``PG2Server/create(_:)``, ``PG2Server/delete(_:)``, ``PG2Server/join(_:_:)``, ``PG2Server/leave(_:_:)`` |
/// | `handle_info({'DOWN', …})` | ``PG2Server``'s DOWN handler, `membersDied(_:)` (DOWNs that arrive together, as one batch) |
/// | `create/1`, `delete/1`, `join/2`, `leave/2` | ``PG2/create(_:)``, ``PG2/delete(_:)``, ``PG2/join(_:_:)``, ``PG2/leave(_:_:)`` |
/// | `get_members/1`, `get_local_members/1`, `which_groups/0` | ``PG2/members(of:)``, ``PG2/localMembers(of:)``, ``PG2/whichGroups()`` |
/// | `get_closest_pid/1`, `random_element/1` | ``PG2/closestMember(of:)``, ``ClosestMember`` |
///
/// ## How it works
/// **One writer.** Every node runs one pg2 server, and only it writes the node's table. pg2's
/// public functions run in the *caller's* process: `join` first checks, in the caller, that the
/// group exists (`{error, {no_such_group, Name}}` if not — no message sent), then calls the
/// server, which applies the change and answers `ok`. The server's mailbox serialises writes:
/// two joins from two processes are applied one after the other, never interleaved.
///
/// **Reads go around the server.** `get_members` is a table read in the caller: no message, no
/// queueing behind writes. Such a read can only be consistent if the table's own updates are
/// atomic; ``LocalTable/GroupTable`` publishes each write whole, so a read never sees a write in
/// progress.
///
/// **`create` is idempotent and cheap when it can be.** If the group already exists, `create`
/// returns ok without calling the server at all (in a cluster, without taking the lock either).
/// `delete` always calls, even for an unknown group, and is ok either way.
///
/// **The translation.** (pg2 always wraps the call in `global:trans` and sends it with
/// `gen_server:multi_call` to every node; on one node that is one call to the local server.)
/// ```
/// multi_call(pg2, {join, Name, Pid})        →   try await server.join(name, pid)
/// handle_call({join, Name, Pid}, _, S)      →   distributed func join(_ name:, _ pid:)
/// handle_info({'DOWN', Ref, …}, S)          →   func membersDied(_ refs:), called by the node
/// whereis(pg2) / start_link                 →   PG2Server.ensureStarted(on: node)
/// ```
///
/// **Closest member.** `get_closest_pid` prefers a member on the caller's node (no network hop):
/// one local entry is returned as is; several local entries (two pids, or one joined twice) or,
/// failing any, all entries are picked from at random — uniformly over the list, so counts act as
/// weights. An empty group is `{error, {no_process, Name}}`.
///
/// ## The Swift it relies on
/// Distributed actors and a custom `DistributedActorSystem` (the substrate's `Node`); actor
/// isolation and re-entrancy; a protocol that distributed actors conform to (``GroupServer``) —
/// with no `distributed func` requirements: the writes travel as ``GroupRequest`` values through
/// one plain `nonisolated` ``GroupServer/perform(_:)``, which each server implements by calling its
/// own distributed functions (the note on ``GroupServer`` says why); a default implementation in
/// a protocol extension (`ensure_started`, written once in ``Cluster/NamedServer``); a class owned
/// by an actor as its state (``Monitors/Memberships``); `inout some RandomNumberGenerator` for
/// seeded randomness.
///
/// ## Where Swift differs
/// > Note: **Re-entrancy.** A gen_server finishes one message before taking the next. A Swift
/// > actor interleaves calls at every `await`. The server's write functions therefore never
/// > await: each change to the table happens in one uninterrupted step, exactly as in the
/// > gen_server. (Chapter 5's client, which awaits a lock and a multicall, is outside the actor.)
///
/// > Note: **Typed calls.** `gen_server:call` sends any term and gets any term back; a pattern
/// > in `handle_call` picks the clause. Here each request is a typed distributed function, and an
/// > unknown request cannot even be written — pg2's catch-all clause has no counterpart.
///
/// > Note: **Death.** pg2's server is supervised and restarted if it crashes; its table dies
/// > with it and a new server starts empty. Here a server ended with `exit` frees the name `pg2`,
/// > and the next API call starts a new one with a new, empty table. (In a cluster, chapter 6
/// > refills it from its peers.)
///
/// ## What this chapter leaves out
/// - The cluster-wide lock every write takes: chapter 4.
/// - Writes reaching every node's server: chapter 5.
/// - The exchange that merges tables when nodes connect: chapter 6.
public enum SingleNodeServerChapter {}
