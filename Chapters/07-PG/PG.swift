/// # Chapter 7 — OTP's pg
///
/// After this chapter you can run OTP's `pg`, the module that replaced pg2: process groups in
/// independent scopes, with no lock and no cluster-wide write, that converge after every
/// partition — and you can say exactly what it gave up to get there.
///
/// ## What you will learn
/// - How a scope works as an overlay network of its own: one server per node, talking only to
///   the same scope on other nodes.
/// - Why only a node's own processes may join its groups, and what that buys: every node is the
///   only authority on its processes.
/// - The `discover`/`sync` exchange, in which a peer's own report *replaces* everything known
///   of that peer, and why losing a peer simply drops its report.
/// - Why pg2's anomalies A1–A4 cannot happen, shown side by side in the simulator.
/// - What pg gives up: `create` and `delete`, any cluster-wide order of writes, and the promise
///   that a join is visible everywhere when it returns.
///
/// The rules are stated in `Chapters/PGRules.md` (S1–S5, J1–J8, R1–R3, M1–M5, D1–D7, V1–V6,
/// Q1–Q4); the tests cite them there.
///
/// ## The original
/// | pg.erl | here |
/// |---|---|
/// | the gen_server registered as the scope, `start/1`, `init/1` | ``Scope``, ``Scope/start(_:on:)`` |
/// | the ETS table named after the scope, `{Group, All, Local}` rows | ``ScopeTable``, ``ScopeRows``, ``GroupEntries`` |
/// | `terminate/2` (the table goes with the scope) | ``Scope/stop(_:on:reason:)`` retires the table |
/// | the `#state{}` record: `local`, `remote`, `scope_monitors`, `group_monitors`, `monitored_groups` | ``ScopeState``: ``ScopeState/local``, ``ScopeState/peers`` (``PeerState``), ``ScopeState/subscribers`` (``Subscribers``) |
/// | `join/3`, `leave/3`, `ensure_local/1` | ``ScopeClient/join(_:_:)``, ``ScopeClient/leave(_:_:)`` |
/// | `handle_call({join_local, …})`, `join_local/3`, `join_local_update_ets/5` | ``ScopeState/joinLocal(_:_:monitoring:)`` |
/// | `handle_call({leave_local, …})`, `leave_local/3`, `leave_local_update_ets/5` | ``ScopeState/leaveLocal(_:_:monitoring:)`` |
/// | `get_members/2`, `get_local_members/2`, `which_groups/1`, `which_local_groups/1` | ``ScopeClient/members(of:)``, ``ScopeClient/localMembers(of:)``, ``ScopeClient/whichGroups()``, ``ScopeClient/whichLocalGroups()`` |
/// | `{discover, Peer}`, `handle_discover/2`, `handle_info({nodeup, …})` | ``Scope/discover(_:)``, ``ScopeState/discover(from:monitoring:)``, ``ScopeState/nodeUp(_:)`` |
/// | `{sync, Peer, Groups}`, `handle_sync/6`, `sync_groups/5`, `all_local_pids/1` | ``Scope/sync(_:_:)``, ``ScopeState/sync(from:groups:monitoring:)``, ``ScopeState/allLocalPids()`` |
/// | `{join, Peer, …}`, `join_remote/3`, `join_remote_update_ets/5` | ``Scope/join(_:_:_:)``, ``ScopeState/join(from:_:_:)``, ``PeerState/join(_:_:)`` |
/// | `{leave, Peer, …}`, `leave_remote/3`, `leave_remote_update_ets/5` | ``Scope/leave(_:_:_:)``, ``ScopeState/leave(from:_:groups:)``, ``PeerState/leave(_:from:)`` |
/// | `handle_info({'DOWN', …})`: a member, a peer scope, a subscriber | ``ScopeState/down(_:monitoring:)`` |
/// | `monitor_scope/1`, `monitor/2`, `demonitor/2`, `notify_group/5` | ``ScopeClient/monitorScope(for:)``, ``ScopeClient/monitor(_:for:)``, ``ScopeClient/demonitor(_:)``, ``Subscribers/notify(_:_:_:)`` |
/// | `broadcast/2` | ``ScopeState/broadcast(_:)``, sent by the actor as casts |
///
/// ## How it works
/// **Scopes.** A scope is a name — `pg`, `chat`, `jobs` — and a server of that name on every
/// node that takes part. Scope `chat` on node a is the actor registered as `chat` there
/// (`<a.chat>`); its *peers* are the actors registered as `chat` on other nodes. Scopes never
/// talk to each other across names, so a busy scope's traffic and failures stay its own: the
/// cluster is one mesh of connections carrying many independent overlay networks.
///
/// **Only local processes join.** `join` runs in the caller and first checks that every pid is
/// a process of the caller's own node; one remote pid and nothing is joined (rule J1). So each
/// membership has exactly one source of truth: the scope on the member's node. That scope
/// monitors its members (one monitor per process, rule J6), updates its table, and *tells* its
/// peers — one `join` or `leave` message each, sent without waiting. When a member exits, its
/// scope removes all its entries and sends every peer one `leave` naming each group once per
/// entry (J7). No scope ever monitors a remote member: it monitors the remote *scopes* instead.
///
/// **Finding each other.** A starting scope sends `discover` to the same-named scope on every
/// connected node, and does so again on every `nodeup` (D1). A scope that receives `discover`
/// answers with a `sync` carrying its own node's entries of every group, and, if the sender is
/// new to it, monitors it and sends a `discover` back (D2). So after a nodeup both sides have
/// sent their state, both monitor each other, and from then on each relays its changes. In
/// outline (`swift run workbook demo pg-heal` writes a real trace):
///
/// ```
/// ⚡ heal        a: nodeup b                 b: nodeup a
/// a -> b  discover(<a.pg>)                   b -> a  discover(<b.pg>)
/// b -> a  sync(<b.pg>, [g: [<b.1>, <b.1>]])  a -> b  sync(<a.pg>, [g: [<a.1>]])
/// a -> b  monitor <b.pg>                     b -> a  monitor <a.pg>
/// ```
///
/// **A report replaces.** Each scope keeps, per peer, the groups and entries that peer reported
/// (``PeerState``): its last `sync`, plus the joins and leaves it relayed since, in order (D5).
/// A new `sync` from the peer is compared with that record group by group: unchanged groups stay,
/// new ones are added, missing ones are removed, changed ones replaced (D3). Nothing the peer did
/// not report survives, and nothing is counted twice. When the monitor on a peer fires — it
/// stopped, crashed, or its node became unreachable — everything it reported is dropped (D6).
/// Whatever was true before a partition, the view after the heal is rebuilt from each node's
/// *current* memberships: a node shows its own entries plus those of every node it is directly
/// connected to (V1), with no history and no merge.
///
/// **The table.** Reads go to the scope's table in the caller, as pg2's did, with chapter 1's
/// trick: each group's list is built by the first read after a write and shared until the next
/// (``ScopeTable``). The order is pg's, not a sort: new entries go in front, a leave takes the
/// newest entry of the pid (R2). ``GroupEntries`` keeps that order with O(1) writes. A peer's
/// record keeps the same order for its share, stored oldest first so that a relayed join appends
/// (``PeerState``): Erlang's `Pids ++ List` copies only the new pids, and so must we — a copy of
/// the list per relayed join made a join into a group of 100 000 entries cost 1.7 ms instead of
/// ~40 µs (`swift run -c release pg2-bench scale`).
///
/// ## Side by side: pg2 and pg after a partition
/// The same five scenarios, run in the simulator against chapter 6's pg2 and this chapter's pg
/// (`Tests/ProcessGroupsTests/PGSideBySideTests.swift` builds this table from the runs; `swift
/// run workbook demo pg-a1` … `pg-heal` show the pg side). "Consistent" means every node lists
/// exactly the entries the writes left. In the pg versions every write is made by the member's
/// own node, the only one allowed to.
///
/// | scenario | pg2 (chapter 6) | pg (chapter 7) |
/// |---|---|---|
/// | A1: g emptied on one side of a partition (pg2: deleted), then the heal | no — g is back on every node | yes |
/// | A2: p leaves g while only the a–b link is cut, then the mend | no — a and b list p, c does not | yes |
/// | A3: p joins g twice while only the a–b link is cut, then the mend | no — a and b count p once, c twice | yes |
/// | A4: p leaves g while the a–b link is being mended (17 timings) | no — 4 of 17 timings leave p listed somewhere | yes, in every timing |
/// | otp_8653: 2+2 partition, each node joins its own process twice, heal | yes — 8 entries on every node | yes — 8 entries on every node |
///
/// The A4 row tries 17 timings; the interleaving explorer of chapter 6 tries orders instead. `swift
/// run workbook explore pg-a4` (and `pg-a1` … `pg-a3`) searches every delivery order of the
/// scenario's messages, with the mend free to strike at any point, within two deviations from
/// oldest-first delivery, and finds none that leaves a node listing the wrong entries — where `explore
/// a4` finds pg2's with one. The reason is the one above: every entry about p comes from p's own
/// node, down one FIFO connection, and a sync *replaces* what a peer believed, so no stale table
/// can overtake a newer update. `explore lock` does the same for chapter 4's global lock: no order
/// within the bound lets two holders in. The explorer's limits, stated in chapter 6, hold here too:
/// timers fire only when nothing is in flight, no message is lost on a live link, the jobs inside
/// one node run in their queued order, and only a safety property of the final state is checked —
/// "none within the bound", not a proof.
///
/// ## What pg gives up, and why that is the better trade
/// - **No `create`, no `delete`.** A group is nothing but its entries. An empty group cannot be
///   kept for later, and nobody can remove a group other nodes' processes are in. That is what
///   makes A1 impossible: there is no group state to resurrect.
/// - **No joining on another's behalf.** A process on b cannot be put in a group from a. Code
///   that did that with pg2 must ask b to do it.
/// - **No cluster-wide order of writes.** Two nodes' joins reach a third node in whatever order
///   the messages arrive, and different nodes may list the same entries in different orders (the
///   manual says "no specific order").
/// - **Eventual consistency.** `join` returns before any peer knows (V6), and while a link is
///   down its two ends do not see each other's members at all, even through a third node (V2).
///
/// pg2 promised more — a write visible everywhere on return — and could not keep it: under a
/// partition each side locked and wrote what it could reach, and the merge on the heal could only
/// add (A1–A4). pg promises only what a node can know for itself, and keeps it: once messages
/// settle every node shows exactly the live memberships of the nodes it reaches. And it is cheap:
/// a join is one local call and one message per peer, where pg2's was three cluster-wide rounds
/// under a global lock (see the README's "pg2 and pg side by side").
///
/// ## The Swift it relies on
/// A pure state machine (``ScopeState``) driven by a thin distributed actor (``Scope``); handlers
/// that *return* the messages to send (``Outgoing``, ``ScopeMessage``), so the same values go on
/// Erlang's wire on a real node; an enum with a hand-written `Codable` shape (``PidOrPids``);
/// `Mailbox` for subscribers' notifications; `Node.callLocal` for calls that only a local caller
/// makes, run inside the actor.
///
/// ## Where Swift differs
/// > Note: pg's `join` is a `gen_server:call` to the scope, and its peer messages are plain sends.
/// > Here a local call runs inside the actor (`Node.callLocal`), and every peer message a cast
/// > (``Cluster/Node/cast(_:_:)``): one message, no reply, lost with the link, and kept in order
/// > with the other messages on that link — which is all D5 needs.
///
/// > Note: Erlang delivers `{Ref, join, Group, Pids}` to the subscribing process's own mailbox.
/// > A Swift process has no such mailbox, so a subscription hands back one (``Subscription``),
/// > shared by all of that process's subscriptions on the scope, which keeps M3's order visible.
///
/// > Note: pg identifies a peer by its scope's pid. Here that pid is the scope's registered name
/// > on its node (`<b.chat>`), the same for every instance: a restarted scope is told apart from
/// > the old one by order alone — the old one's DOWN travels on the same link, ahead of the new
/// > one's `discover`.
///
/// > Note: Two deliberate departures from OTP 25, stated with the rules: the scope survives a
/// > process that subscribes and then joins (GH-7625, M5), and it relays joins and leaves to a
/// > peer only once it has sent that peer its sync (D7).
///
/// ## On real nodes, beside Erlang's own pg
/// The scope's messages are pg's own, so on a real node (the README's "Real nodes") a Swift scope
/// is a peer of Erlang's scopes: `Scope+Erlang.swift` ties each of pg.erl's four peer messages
/// to the function above that handles it, and the Swift scope sends them in pg's terms — group
/// names as atoms, so `pg:join(chat, self())` on an `erl` node and `join("chat", …)` on a Swift
/// node name one group. pg.erl's `handle_info({discover, …})` on the Erlang side answers a Swift
/// scope's `discover` with its `sync`; its `handle_info({'DOWN', …})` drops a Swift node's
/// groups when that node goes. `Tests/RealNodeTests` runs this against OTP 25 — joins both ways,
/// exits on both sides, the Swift node's end, and 60 random steps after which both scopes agree
/// and Erlang's scope is still the same process: the D7 window closed on the sending side keeps
/// it alive. That window is real in pg.erl: a peer played by hand there sends its sync before its
/// discover, a `pg:leave` runs in between, and Erlang's scope relays the leave for a group it has
/// not yet announced — the leave that, sent back to it, kills it with `{badkey, Group}`.
///
/// ## What this chapter leaves out
/// - Supervision: pg's default scope is started and restarted by the kernel's supervisor; here a
///   scope is started with ``Scope/start(_:on:)`` and stays stopped until started again.
/// - The `{discover, Peer, Version}` message of OTP 26 and later.
public enum PGChapter {}
