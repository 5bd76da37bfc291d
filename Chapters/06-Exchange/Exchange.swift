/// # Chapter 6 — Exchange on reconnect
///
/// After this chapter pg2 heals itself: a node that connects, or a pg2 server that restarts, is
/// brought up to date by its peers. You will also see, in tests you can replay, exactly how that
/// healing goes wrong — the reasons OTP retired pg2 for `pg`.
///
/// ## What you will learn
/// - How two pg2 servers merge their tables when their nodes connect, and when a server starts.
/// - Why the merge takes the *maximum* of two counts, and why it never removes anything.
/// - Four anomalies (A1–A4) that follow from those two choices, each reproduced by a test.
/// - How to ask the simulator for *any* delivery order that breaks an invariant, and get the
///   shortest one: the interleaving explorer.
/// - How OTP's `pg` avoids them: scopes, no global lock, members owned by their node, and a peer's
///   own report *replacing* what others believed about it.
///
/// ## The original
/// | pg2.erl | here |
/// |---|---|
/// | `init/1`: `net_kernel:monitor_nodes(true)`, `{new_pg2, node()}` to every peer, `self() ! {nodeup, N}` | ``ExchangeServer/didRegister()`` (after the name is registered, as in Erlang) |
/// | `handle_info({nodeup, Node})`, `handle_info({new_pg2, Node})` | the server's `nodeUp(_:)`, ``ExchangeServer/newPG2(from:)`` |
/// | `gen_server:cast({pg2, Node}, {exchange, node(), all_members()})` | `ExchangeServer.sendExchange(to:)`, ``GroupSnapshot/all(of:)`` |
/// | `handle_cast({exchange, _Node, List})` | ``ExchangeServer/exchange(from:groups:)`` |
/// | `store/1`, and Erlang's list difference `--` | ``Merge/store(_:into:monitoring:)``, ``Merge/difference(_:_:)`` |
/// | `member_died`'s `{del_member, …}` abcast, ignored by `handle_cast` | left out: every receiver ignores it |
///
/// ## How it works
/// **When.** A pg2 server sends its whole table to a peer's server in two situations: when it
/// learns that the peer's node came up (`nodeup`), and when the peer tells it a new pg2 server
/// just started there (`new_pg2`). A starting server announces itself to every node it is already
/// connected to, and treats each of them as just come up — so a fresh server sends its (empty)
/// table and receives every peer's table in return. Both sides of a reconnect do the same, so the
/// tables flow both ways.
///
/// **What.** The table travels as `all_members()`: every group, empty ones included, with its
/// count-expanded member list. It is a *cast*: fire and forget, outside the global lock.
///
/// **The merge.** The receiver goes through the groups: it creates any group it lacks, then joins
/// each pid in `remote − local`, where `remote` is the peer's member list, `local` is this node's
/// *whole* member list of the group (pg2's `group_members(Name)`, every member it knows there —
/// not only chapter 1's local members), and `−` is list difference with multiplicity (each local
/// entry cancels one equal remote entry). If a pid is in the group twice remotely and once
/// locally, it is joined once more; if it is there twice locally and once remotely, nothing
/// happens. The result is max(local, remote) per pid — not their sum, and not "the truth". Newly
/// learnt pids are monitored like any member (chapter 2). A dead one drops out at once, with
/// `noproc` — if its node is connected. For a pid of a node this one is not connected to, pg2's
/// `do_monitor` watches it through a helper process, and when that node cannot be reached what
/// comes back is `noconnection` (here, the node's monitor reports `noconnection` at once): the pid
/// drops out all the same, dead or alive. The merge never removes a group or a member.
///
/// **Convergence.** Cut a cluster into {a, b} and {c, d}, and on each node let a fresh process
/// join group g twice. Each side writes only to the nodes it sees. When the partition heals, every
/// node gets nodeups and exchanges tables with the nodes it had lost, and every node ends with the
/// same sorted list of 8 entries: four pids, two entries each.
///
/// ## The anomalies (pg2 really does this)
/// Each is reproduced by a test in `Tests/Chapters/06-Exchange` and, for A1–A3, by a
/// `workbook demo` scenario.
///
/// **A1 — deleted groups come back.** Delete a group on one side of a partition. The other side
/// still has it; when the partition heals, its exchange re-creates the group on the side that
/// deleted it. The merge cannot tell "deleted" from "never heard of": it only adds.
///
/// **A2 — a leave is undone.** Let p (on c) be in g, and cut only the a–b link. A leave of p from
/// a locks and updates a and c, the nodes a sees — not b. When a–b is mended, a and b exchange: b
/// still lists p, so a re-adds it. c saw no nodeup and keeps the leave. The nodes now disagree,
/// and will until some later reconnect. (A clean partition cannot show this: nodes cut off from c
/// would drop p themselves, its monitor reporting `noconnection`.)
///
/// **A3 — counts merge as max.** With a–b cut and p on c: join g p from a (a and c count 1), then
/// from b (b counts 1, c counts 2). After a–b is mended, a and b exchange and keep 1 — max(1, 1) —
/// while c has 2. Two joins happened; two nodes say one.
///
/// **A4 — the exchange races with writes.** The exchange takes no lock and is not ordered with
/// the writes around it. A table sent *before* a leave was applied can arrive *after* it, and the
/// merge re-adds what the leave removed — on the node(s) that received such a table, and on no
/// other. The test steps virtual time through a leave that overlaps a reconnect and shows a timing
/// where the nodes end up disagreeing until their next reconnect.
///
/// ## Searching the orders: the explorer
/// Stepping a reconnect through 17 timings shows A4, but it asks the reader to trust that the right
/// timings were tried. The interleaving explorer (``Cluster/Explorer``) asks the question directly:
/// *is there any order of delivering the messages in flight that breaks this?* In its mode of the
/// simulator, messages take no delay and wait in one FIFO lane per direction of each link; whenever
/// nothing is ready to run, it chooses which lane's oldest message arrives next — or whether an
/// offered fault, such as the a–b reconnect, strikes now — and virtual time stands still while
/// anything is in flight. A run is the vector of those choices. The search re-runs the scenario
/// depth-first over choice vectors, allowing at first no *deviation* from oldest-first delivery,
/// then one, then two, so the first violation it finds is a shortest one; a state reached before
/// (every node's inputs, in order, hashed) is not explored again.
///
/// ```
/// swift run workbook explore a4
/// Violation with 1 deviation (the fewest possible): 21 executions, 90 distinct states …
///   t=0 c -> a call c#21 <a.pg2> ExchangeServer.leave(_:_:) ("g", "<c.1>")
///   ★ deviation 1 (choice point 7, option 2 of 3): fault: reconnect a b — instead of the oldest:
///     c -> b call c#22 <b.pg2> ExchangeServer.leave(_:_:) ("g", "<c.1>")
///   …
///   t=0 b -> a cast <a.pg2> ExchangeServer.exchange(from:groups:) ("b", [{"members":["<c.1>"],"name":"g"}])
/// Broken: expected [] everywhere; a: [<c.1>]   b: []   c: []
/// Replay: swift run workbook explore a4 --replay 7:2 --check …
/// ```
/// One deviation suffices: the reconnect lands after c's leave reached a and before it reached b,
/// so b's table still lists p when b sends it, and a's merge puts p back. A1, A2 and A3 need none:
/// `explore a1` breaks in the oldest-first run, since they follow from the partition alone. The
/// run is written to `traces/explore-a4/` as text, Mermaid and HTML, like a demo's, and the replay
/// command re-runs exactly it (checking that each choice point offers the same options, so hidden
/// nondeterminism is reported, not silently explored). Exercise 6.4 has you write such a scenario.
///
/// What the explorer does *not* cover: timers fire only when nothing is in flight (a scenario can
/// ask for them to race, ``Cluster/ExplorerScenario/timersRace``), so a call's timeout never beats
/// its reply; no message is lost on a live link (only a link going down loses what is on it); the
/// order of the jobs inside one node is not explored — they run as queued, as the simulator always
/// runs them; and it checks safety only, an invariant of the state where everything has run out,
/// not that something good eventually happens. Within those limits, "no violation" means none
/// within the bound of deviations it was given, not none at all.
///
/// (A5 — a server silently skipping a join for a group it lacks — is chapter 5's. A6 —
/// `get_closest_pid` failing when the group is deleted between its two reads — is chapter 3's.
/// All six are stated in Chapters/PG2Rules.md.)
///
/// ## Epilogue: how OTP's `pg` removes them
/// OTP 23 introduced `pg` and OTP 24 removed pg2. `pg` keeps the idea — named groups of
/// processes, cheap local reads — and changes the rules that cause A1–A4:
/// - **Only local processes join.** A process joins groups on its own node; each node is the
///   *owner* of its members' memberships. There is no cluster-wide write, so no global lock: a
///   join is a local update plus an asynchronous notice to the peers.
/// - **Groups exist while non-empty.** There is no `create` or `delete`, so there is nothing to
///   resurrect (A1).
/// - **Replace, don't merge.** When nodes connect, each sends the other *its own* processes'
///   memberships, and the receiver *replaces* whatever it believed about that node with them.
///   A peer's own report is the truth about its processes, so a leave cannot be undone by a third
///   party's stale list (A2) and counts are never maxed with a guess (A3).
/// - **No global lock, no race with it.** Updates about a node's processes come only from that
///   node, in order, over one connection; there is no second path for them to race with (A4).
/// - **Scopes.** Groups live in named scopes, each its own server, so unrelated users share
///   neither state nor failure.
///
/// The price: a group's view can lag on remote nodes (eventual consistency), which pg2's
/// synchronous writes tried, and failed under partitions, to avoid.
///
/// ## The Swift it relies on
/// `Codable` values as messages (``GroupSnapshot``); one-way calls (a cast) with no reply; node
/// events delivered as isolated calls on the server (``Cluster/Node/monitorNodes(for:nodeUp:nodeDown:)``,
/// which ends with the server); a protocol hook that runs once the server holds its name
/// (``Cluster/NamedServer/didRegister()``); object identity (`===`) to tell the registered server
/// from a stale one.
///
/// ## Where Swift differs
/// > Note: pg2's exchange is a `gen_server:cast`; here it is ``Cluster/Node/cast(_:_:)`` of a
/// > distributed function: one message, no reply, lost if the link is down.
///
/// > Note: An extension in another module *can* add behaviour to chapter 3's actor, even a new
/// > `distributed func` such as the exchange. What it cannot do is add stored properties, replace
/// > what the server does once it is registered — where the node-event subscription and the
/// > `new_pg2` announcement must live, as they do in pg2's `init/1` — or reach the actor's private
/// > state (its ``Monitors/Memberships``, which the merge must change). So the complete server,
/// > ``ExchangeServer``, is a new actor, and both it and chapter 3's server keep their state in
/// > one ``Monitors/Memberships``.
///
/// ## What this chapter leaves out
/// Nothing of pg2's API: with this chapter, `Sources/ProcessGroups` is pg2 complete. Two details of
/// its implementation are left out on purpose: the `{del_member, Name, Pid}` broadcast that
/// `member_died` still sends for backward compatibility (every receiver ignores it), and the
/// monitor helper process of `do_monitor` (chapter 2 explains why none is needed here).
public enum ExchangeChapter {}
