/// # Chapter 2 — Monitors
///
/// After this chapter your table notices death: every member is monitored, one monitor per pid
/// however many groups it is in, and a process that dies disappears from every group by itself.
///
/// ## What you will learn
/// - Why pg2 monitors members instead of trusting them to leave, and why one monitor per pid.
/// - How a reference count ties a monitor's life to a pid's memberships.
/// - How one DOWN — the `{'DOWN', Ref, process, Pid, Reason}` message a monitor delivers when the
///   process it watches ends — becomes a leave of every membership (`member_died`).
/// - A real bug and its fix: OTP-7277, the leave that broke monitoring.
///
/// ## The original
/// | pg2.erl | here |
/// |---|---|
/// | the rows `{{ref, Pid}, RPid, Ref, Count}` (`RPid`: the process actually monitored, normally `Pid` itself — see ``MonitorRows``), `{{ref, Ref}, Pid}` | ``MonitorRows`` |
/// | `do_monitor` | ``MonitorService/monitor(_:)`` (the pg2 server's node does the monitoring) |
/// | `erlang:demonitor(Ref, [flush])`, `kill_monitor_proc` | ``MonitorService/demonitor(_:)`` (no helper process to kill) |
/// | `join_group` | ``Memberships/join(_:_:monitoring:)`` |
/// | `leave_group` | ``Memberships/leave(_:_:monitoring:)`` |
/// | `member_died` | ``Memberships/memberDied(_:monitoring:)`` |
/// | `delete_group` | ``Memberships/delete(_:monitoring:)`` |
/// | `handle_info({'DOWN', Ref, …})` | the pg2 server's DOWN handler (chapter 3) |
///
/// ## How it works
/// **Why monitor at all?** A process that joined a group may crash before it can leave. If nobody
/// noticed, the group would hand out a dead pid for ever. So the node that records a membership
/// monitors the member, and removes it when the DOWN arrives. Every node does this for every member
/// it knows, local or remote (chapter 5), so each node cleans its own table with no coordination.
///
/// **One monitor, counted.** A pid may be in many groups, some of them several times. pg2 keeps
/// one monitor per pid and a *total* of its memberships: the first join anywhere takes the
/// monitor (total 1), each further join adds 1, each leave subtracts 1, and at 0 the monitor is
/// released. A process in a hundred groups costs one monitor and one DOWN.
///
/// **One DOWN, every membership.** When the DOWN for a ref arrives, `member_died` finds the pid
/// (the `ref → pid` row), asks the reverse index which groups it is in, and leaves each of them
/// as many times as its count. The last leave brings the total to zero and removes the monitor
/// rows; nothing is left of the pid.
///
/// **OTP-7277, a story.** OTP-7277 (Kernel 2.12.3, R12B-3) fixed a `leave` that assumed the pid
/// was a member of the group. pg2 then tracked members with links (monitors came in R13B03); we
/// retell the bug in terms of today's monitor counter, where it would do the same damage: suppose
/// `leave_group` decremented the total whether or not the pid was a member of that group. Picture
/// a chat server: a user's connection process is in `#general` once; a buggy client also sends
/// "leave `#random`", a room it never joined. The total drops from 1 to 0, and pg2 releases the
/// monitor — while the process is still in `#general`. When the connection later crashes, no DOWN
/// comes, and the dead pid stays in `#general` for good, receiving every message sent to the room.
/// The fix: a leave that finds no member row returns at once, before touching the monitor. Our
/// ``Memberships/leave(_:_:monitoring:)`` has that shape; the tests tell the story.
///
/// ## The Swift it relies on
/// A protocol used through `some` (``MonitorService``), which keeps the logic generic and free of
/// I/O; a class that owns its state, so that the rows it keeps in step cannot be copied apart
/// (``Memberships``); `@Sendable` closures for callbacks that may run on another task, and
/// parameters marked `isolated`, for a call that runs inside an actor (``NodeMonitors``).
///
/// ## Where Swift differs
/// > Note: In pg2 the DOWN is a message in the server's mailbox, handled between two calls. Here
/// > the node delivers it as a call on the server that owns the monitor (chapter 3,
/// > ``NodeMonitors/init(for:into:)``), queued behind the calls already waiting, so it is
/// > serialised with the writes as in Erlang.
///
/// > Note: ``Memberships`` performs no I/O: monitors start and stop through a
/// > ``MonitorService``. That keeps the logic testable without a cluster, the way
/// > swift-cluster-membership keeps SWIM's logic free of networking. It is a class, not a
/// > struct: its table is shared with readers, so a copy could not be changed on the side
/// > without breaking the invariants that tie the monitor rows to the group rows.
///
/// > Note: Debug builds check the invariants after every change, for the groups and pids it
/// > touched — the way swift-collections checks its trees after every mutation. A broken rule
/// > stops the program where it broke, not some steps later in a test.
///
/// ## What this chapter leaves out
/// - The server that owns the table, handles DOWNs and offers pg2's API: chapter 3.
/// - Remote members and `noconnection`: chapters 5 and 6.
public enum MonitorsChapter {}
