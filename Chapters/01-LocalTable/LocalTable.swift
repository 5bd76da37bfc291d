/// # Chapter 1 — The local table
///
/// After this chapter you can build the table at the heart of pg2 — who is in which group, how
/// many times — and read it from any thread, at the cost of a dictionary lookup, while one writer
/// keeps changing it.
///
/// ## What you will learn
/// - The four kinds of membership row pg2 keeps per node, and why each exists.
/// - Why pg2 counts joins instead of storing one row per join, and why its table is *ordered*.
/// - How "no gatekeeper" reads work: readers never wait for the server that owns the table.
/// - How to trade write cost for read cost, and state the trade in big-O.
/// - How to state a data structure's invariants as code, and check them after every step.
///
/// ## The original
/// | pg2.erl | here |
/// |---|---|
/// | `ets:new(pg2_table, [ordered_set, protected, named_table])` | ``GroupTable``, published with `Node.publishTable(_:as:)` |
/// | the rows `{group,…}`, `{member,…}`, `{local_member,…}`, `{pid,…}` | ``GroupRows`` |
/// | `assure_group` | ``GroupRows/assureGroup(_:)`` |
/// | `join_group` (the member rows) | ``GroupRows/joinGroup(_:_:)`` |
/// | `leave_group` (the member rows) | ``GroupRows/leaveGroup(_:_:)`` |
/// | `delete_group` | ``GroupRows/deleteGroup(_:)`` |
/// | `group_members`, `local_group_members` | ``GroupRows/members(of:)``, ``GroupRows/localMembers(of:)`` |
/// | `all_groups`, `member_groups`, `all_members` | ``GroupRows/allGroups``, ``GroupRows/groups(of:)``, ``GroupRows/allMembers`` |
/// | `get_members`, `get_local_members`, `which_groups` | ``GroupTable/members(of:)``, ``GroupTable/localMembers(of:)``, ``GroupTable/groups()`` |
/// | `{error, {no_such_group, Name}}` | ``PG2Error/noSuchGroup(_:)`` |
///
/// ## How it works
/// **Rows.** pg2 keeps its table in ETS (Erlang Term Storage: in-memory tables built into the
/// Erlang runtime, each owned by one process and, as here, readable by every process on the node).
/// A group is a row of its own, so a group can exist with nobody in it (pg2's `create` makes
/// exactly that). A membership is one row per (group, pid) *with a count*: joining twice bumps the
/// count to 2, and the member list shows the pid twice; leaving once brings it back to 1. A second
/// row marks members that live on this node, so `get_local_members` need not filter; a third
/// indexes memberships by pid, so that when a process dies pg2 finds its groups without scanning
/// them all (chapter 2).
///
/// **Order.** pg2's table is an `ordered_set`: its rows are kept sorted by key, and a match over
/// `{member, Name, _}` visits the members of `Name` in the order of their pids. So `get_members`
/// returns a sorted list with a pid's copies side by side — and two nodes that know the same
/// members return *identical* lists. Any order on pids that every node shares would give that.
/// pg2's order is Erlang's own term order, which compares a pid's process number before its node;
/// ours is ``Cluster/Pid``'s: node, then incarnation, then serial (the process number), which keeps
/// each node's pids together. We keep rows in hash maps (O(1) updates) and sort when a list is built.
///
/// **No gatekeeper.** In pg2 only the server writes the table — a gen_server, OTP's standard server
/// process, which takes requests from its mailbox one at a time — but anyone on the node reads it,
/// directly, without a message to the server. Reads are cheap and never queue behind writes;
/// writes are expensive anyway (a cluster-wide lock and a round of calls, chapters 4–5).
///
/// **What a read and a write cost.** pg2 pays on every read: `get_members` matches the group's
/// member rows and expands the counts, O(m) for m members, each time. We cache the answer
/// instead. A write changes only its rows — O(1) for a join or a leave, however large the
/// group — and throws away the touched group's cached list. The first read after that builds the
/// sorted, expanded lists once (O(m log m)) as an immutable ``GroupView`` and keeps it; every
/// read after it, until the next write to that group, hands out the same view: O(1), a lock and a
/// dictionary look-up. The honest price: a workload that alternates one write and one read on a
/// huge group pays O(m log m) per read, more than pg2's O(m). The usual workloads — bursts of
/// joins, then many reads (a chat room's broadcasts, a job queue picking workers) — pay it once
/// per burst. Bulk changes are one write each: deleting a group, a member's death across all
/// its groups and a merge of a peer's table change all their rows under one lock, so readers see
/// them whole and the cache is dropped once, not once per row.
///
/// ```swift
/// let table = GroupTable(localNode: "a")
/// table.assureGroup("chat")
/// table.joinGroup("chat", alice)        // alice lives on a
/// table.joinGroup("chat", alice)        // twice: count 2
/// table.joinGroup("chat", bob)          // bob lives on b
/// try table.members(of: "chat")         // [alice, alice, bob]  (sorted by pid)
/// try table.localMembers(of: "chat")    // [alice, alice]
/// ```
///
/// ## The Swift it relies on
/// Value types and copy-on-write (``GroupRows`` is a struct of dictionaries); a `Sendable` final
/// class guarding its state with `Mutex` from the Synchronization module (``GroupTable``); typed
/// throws (`throws(PG2Error)`); `Comparable` for the order of pids.
///
/// ## Where Swift differs
/// > Note: ETS gives pg2 a table that many processes read while one writes, with each single-row
/// > update atomic. Swift has no such built-in; ``GroupTable`` is a `Sendable` class whose state
/// > sits behind one `Mutex`, so every write — even one touching several rows — is atomic to
/// > readers, which is *stronger* than ETS (where a reader may see a join's member row before its
/// > index row).
///
/// > Note: The rows are a value type (``GroupRows``): copying the table is copying a struct, which
/// > is how tests snapshot it and how chapter 6 will ship it to another node.
///
/// ## What this chapter leaves out
/// - Monitors: who notices that a member died? Chapter 2 adds pg2's `{ref, …}` rows.
/// - The server that owns the table and the API around it: chapter 3.
/// - Other nodes: chapters 4–6.
public enum LocalTableChapter {}
