/// # Chapter 5 — Multi-node replication
///
/// After this chapter a pg2 write reaches every node: the group's lock is taken across the
/// cluster, every node's pg2 server applies the change, and when the call returns every connected
/// node reads the same thing.
///
/// ## What you will learn
/// - How pg2 replicates: not by copying a log, but by asking every server to do the same write.
/// - Why every write is three synchronous rounds, and what that means for latency.
/// - What "bad nodes" are, and why pg2 can ignore them.
/// - A quiet anomaly: a server that lacks the group skips the join, and the caller still hears ok.
///
/// ## The original
/// | pg2.erl | here |
/// |---|---|
/// | `create/1`, `delete/1`, `join/2`, `leave/2` (the `global:trans` + `multi_call` shape) | ``ReplicatedPG2/create(_:)``, ``ReplicatedPG2/delete(_:)``, ``ReplicatedPG2/join(_:_:)``, ``ReplicatedPG2/leave(_:_:)``, ``ReplicatedPG2/write(_:_:)`` |
/// | `gen_server:multi_call(?MODULE, Request)` | `Node.multicall(_:_:as:timeout:_:)` to every node's ``SingleNodeServer/GroupServer`` |
/// | `{{pg2, Name}, self()}` | ``ReplicatedPG2/lockResource(_:)`` and the transaction's own process |
/// | `handle_call({join, …})` with `ets:member(…) andalso …` | ``Monitors/Memberships/join(_:_:monitoring:)`` |
///
/// ## How it works
/// **Same write, every node.** Each node keeps its own table, and nothing copies tables around
/// during normal operation. A write is replicated by *doing it everywhere*: `join` checks that the
/// group exists on the caller's node, takes the group's lock on every node it can see (chapter 4),
/// and then calls `join` on the pg2 server of every node it is connected to — itself included —
/// all at once, waiting for every reply. Then it unlocks. Because the caller waits for every
/// server, a write is visible on every connected node when the call returns; because the lock is
/// held throughout, two of these API writes to one group are applied in the same order on every
/// node. Only those: the removal of a dead member (`member_died`, chapter 2) and the merge of
/// chapter 6 take no lock, so they can fall between the writes in a different order on different
/// nodes (anomaly A4 of Chapters/PG2Rules.md).
///
/// **Three rounds.** The lock is one round of calls to every node, the write another, the unlock a
/// third. Here is a join from a on three nodes, right after a `create`, as
/// `swift run workbook demo join --seed 42` records it in `traces/join/trace.txt`. That demo runs
/// the final module, so the pg2 server in it is chapter 6's `ExchangeServer`; with this chapter's
/// ``SingleNodeServer/PG2Server`` the write round reads `PG2Server.join(_:_:)` instead. Abridged:
/// the lock's payloads are shortened, and the `monitor` and `demonitor` messages that the lock
/// servers and the pg2 servers send in between are left out. Each line is a message *delivered*,
/// at its virtual time in µs:
/// ```
/// t=4872 a -> b call a#13 <b.global_name_server> LockServer.setLock(_:holder:) (…"pg2:chat"…)      ┐ round 1
/// t=5303 a -> c call a#14 <c.global_name_server> LockServer.setLock(_:holder:) (…)                 │ lock
/// t=5469 c -> a reply a#14 true                                                                    │
/// t=5593 b -> a reply a#13 true                                                                    ┘
/// t=5778 a -> b call a#15 <b.pg2> ExchangeServer.join(_:_:) ("chat", "<b.1>")                      ┐ round 2
/// t=6278 a -> c call a#16 <c.pg2> ExchangeServer.join(_:_:) ("chat", "<b.1>")                      │ the write
/// t=6771 b -> a reply a#15 ok                                                                      │
/// t=7113 c -> a reply a#16 ok                                                                      ┘
/// t=7248 a -> b call a#17 <b.global_name_server> LockServer.deleteLock(_:holder:) (…)              ┐ round 3
/// t=7547 b -> a reply a#17 ok                                                                      │ unlock
/// t=7871 a -> c call a#18 <c.global_name_server> LockServer.deleteLock(_:holder:) (…)              │
/// t=8545 c -> a reply a#18 ok                                                                      ┘
/// ```
/// (a's own lock server and pg2 server are called too; the simulator makes those local calls
/// directly, so they are not in the trace — in Erlang they are messages like the others. In round
/// 3, b's reply arrives before a's call reaches c: both calls left a together, and each link has
/// its own delay.) The demo prints and draws the whole trace. With round trips of about a
/// millisecond, every pg2 write costs at least three; a read costs a table lookup. pg2 is built for
/// groups that are read far more often than they change.
///
/// **Bad nodes.** `multi_call` reports the nodes that did not answer — not connected, no pg2
/// server, or gone during the call. pg2 ignores them: the write is done wherever it could be, and
/// nothing sends it again. When a node that missed it next connects, chapter 6's exchange merges
/// the tables, and that merge (`store/1`) only ever *adds*: a `create` or `join` the node missed
/// reaches it then, but a `delete` or `leave` it missed does not — instead its own table, which
/// still has the group or the member, is merged into its peers' and undoes the write there
/// (anomalies A1 and A2 of Chapters/PG2Rules.md). A node whose pg2 server restarts (`new_pg2`,
/// chapter 6) starts from an empty table, and so simply takes what its peers have. pg2 calls with
/// an infinite timeout, so a node whose server hangs stalls every write to every group.
///
/// **Anomaly A5** (Chapters/PG2Rules.md). A server applies a join or leave only if it has the
/// group. A node that is connected but lacks the group — it missed the `create` while cut off and
/// has reconnected, but has not yet merged the group from an exchange, or its pg2 server restarted
/// — silently skips the join, and the caller still gets `ok`. The nodes now disagree about the
/// group's members until an exchange.
///
/// ## The Swift it relies on
/// Generics over a protocol of distributed actors (`ReplicatedPG2<Server: GroupServer>`): a call
/// made through the protocol's ``SingleNodeServer/GroupServer/perform(_:)`` still crosses the
/// network through the actor system; `@Sendable` closures passed across tasks; typed errors that
/// cross the network (a remote `PG2Error` is caught as itself).
///
/// ## Where Swift differs
/// > Note: The transaction's body is a closure run by ``GlobalLock/Global/trans(_:requester:on:retries:_:)``,
/// > as `global:trans` runs a fun. The multicall's calls run as child tasks of a task group, which
/// > makes them concurrent: no call waits for another's reply. That alone does not promise that
/// > every request is sent before the first reply comes back — on a multi-threaded executor one
/// > call may finish before another child task has even started. In the simulator it does hold,
/// > because of its executor: it runs every ready job before it moves virtual time on to deliver a
/// > message, so each child sends its request before any reply can arrive. Erlang's `multi_call`
/// > sends to every node before it collects any answer by construction.
///
/// > Note: The four writes travel as values of ``SingleNodeServer/GroupRequest`` through
/// > ``SingleNodeServer/GroupServer/perform(_:)``, which each server implements with its own
/// > distributed functions: the same replication code drives chapter 3's server here and
/// > chapter 6's in the final module.
///
/// ## What this chapter leaves out
/// - Nodes that connect later, or restart, know nothing of the groups: chapter 6's exchange.
/// - Members on a node that goes away: they vanish through monitors (`noconnection`), already
///   built in chapter 2 — every node monitors every member it knows.
public enum ReplicationChapter {}
