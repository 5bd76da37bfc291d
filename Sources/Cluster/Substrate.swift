/// # The substrate: Erlang's runtime in Swift
///
/// pg2 is a small module standing on a large runtime. Before we can rebuild it, we need that
/// runtime's pieces in Swift — nodes, pids, processes, calls, monitors, connection events — and we
/// need them *deterministic*, so that a partition or a crash is a test you can replay rather than
/// a bug you hope to see again.
///
/// ## What you will learn
/// - How Erlang's nodes, pids and processes map onto Swift's distributed actors, and where the
///   map is not exact.
/// - What a monitor promises (exactly one DOWN, and why `noconnection` is a kind of death).
/// - What distributed Erlang promises about message order, and what a network failure does.
/// - How a whole cluster can run inside one test, on virtual time, the same way every time.
///
/// ## The original, and its Swift counterpart
/// | Erlang | here |
/// |---|---|
/// | a node (`'a@host'`) | ``Node``, named by a ``NodeName`` — our `DistributedActorSystem` |
/// | a pid, with its node's `creation` | ``Pid``: node + incarnation + serial; the actors' `ActorID` |
/// | a process | a distributed actor, e.g. ``ProcessActor`` |
/// | `exit(Pid, Reason)` | ``Node/exit(_:reason:)``, ``Simulation/kill(_:)``, or deinit (`normal`) |
/// | `gen_server:call` | a `distributed func` call: `try await actor.f(x)` |
/// | `gen_server:cast`, `!` | ``Node/cast(_:_:)`` |
/// | `gen_server:multi_call` | ``Node/multicall(_:_:as:timeout:_:)`` → replies + bad nodes |
/// | `erlang:monitor`, `'DOWN'` | ``Node/monitor(_:owner:_:)`` → exactly one ``Down`` |
/// | a server's `handle_info({'DOWN', …})` | ``Node/monitor(_:by:_:)``, ``Node/monitor(_:by:into:)``: the DOWN as a call on the server |
/// | `net_kernel:monitor_nodes` | ``Node/nodeEvents()``: ``NodeEvent/nodeUp(_:)`` / ``NodeEvent/nodeDown(_:)`` |
/// | a server's `handle_info({nodeup, …})` | ``Node/monitorNodes(for:nodeUp:nodeDown:)`` |
/// | registered name `{pg2, Node}` | a well-known pid, ``Node/register(_:_:)`` and ``Node/resolve(_:on:as:)`` |
/// | `gen_server:start({local, Name}, …)`, `init/1`, `whereis` | ``NamedServer``: ``NamedServer/start(on:)``, ``NamedServer/didRegister()``, ``NamedServer/ensureStarted(on:)`` |
/// | the calling process, `self()` | ``Node/withProcess(_:)`` |
/// | `erlang:disconnect_node` | ``Simulation/disconnect(_:_:)`` |
/// | a process's mailbox | ``Mailbox`` |
///
/// ## How it works
/// **A call is two messages.** When node a calls a function of an actor on node b, the
/// `Distributed` runtime hands the call to a's actor system (``Node``), which encodes the
/// arguments with its transport's ``WireCodec``, sends a ``CallRequest``, and suspends the caller.
/// Node b decodes the request, runs the function in a task of its own, and sends back a reply. In
/// the trace:
/// ```
/// t=390 a -> b call a#1 <b.1> ProcessActor.echo(_:) ("hi")
/// t=779 b -> a reply a#1 "hi"
/// ```
/// If b's function throws a `Codable` error, a rethrows the same error, typed. If the connection
/// to b goes down first, the caller gets ``CallError/noconnection(_:)``; if the process is gone,
/// ``CallError/noproc(_:)``; after the timeout (5 s by default, like `gen_server:call`),
/// ``CallError/timeout(_:_:)``.
///
/// **Ordering.** Distributed Erlang guarantees that two messages from one process to another
/// arrive in the order they were sent. The simulated network gives the stronger per-link FIFO
/// (every message from a to b, in send order), draws each message's delay from the seed, and can
/// be told to reorder (``NetworkOptions/reorder``) or to lose casts (``NetworkOptions/castLoss``).
/// A node hears ``NodeEvent/nodeUp(_:)`` before any message over the new connection; when a
/// connection drops, whatever was in flight on it is lost, monitors of the far side's processes
/// fire with `noconnection`, and only then comes ``NodeEvent/nodeDown(_:)``.
///
/// **Monitors are how anyone learns of death.** A monitor delivers exactly one ``Down``: with the
/// process's exit reason, with `noproc` if it was dead already (or lived on an earlier
/// incarnation of its node), or with `noconnection` if its node became unreachable — a monitor
/// cannot tell "dead" from "cut off", and pg2 will treat both the same. pg2 monitors every member
/// it knows of; chapter 2 builds on exactly these rules.
///
/// **Determinism.** A ``Simulation`` runs every node in one process on one executor, driven by
/// one thread: it runs ready jobs in FIFO order, and when none is ready it jumps *virtual* time to
/// the next timer (a node's ``Node/clock``). Every random choice — message delays, losses,
/// ``Node/random`` — comes from generators seeded by the simulation's seed. So one seed gives one
/// run, byte for byte, and a lock's 8-second backoff costs no real time at all. Four traps would
/// break this, and each is handled:
/// - `Task { }` and `Task.detached { }` drop the simulation's executor preference. Use
///   `Node.spawn(_:)`. Jobs that escape anyway are caught by a runtime hook, run in order, and
///   counted (``Simulation/escapedJobs``); the tests insist library code escapes nothing.
/// - The standard library's `AsyncStream` resumes its consumer through the global executor. The
///   substrate's own loops use ``Mailbox``.
/// - `Task.sleep`, `Date()` and `Int.random` read the real world. Use ``Node/clock`` and
///   ``Node/random``.
/// - `Set` and `Dictionary` iterate in an order that differs from one process to the next
///   (Swift seeds its hasher per process). Library code sorts before it iterates anything that
///   can reach the trace or the wire.
///
/// ## Where Swift differs
/// > Note: **Re-entrancy.** A gen_server handles one message at a time, start to finish. A Swift
/// > actor is re-entrant: at every `await` inside one of its methods, another call may run on the
/// > same actor. Code that reads state, awaits, then writes must re-check what it read.
///
/// > Note: **Death.** An Erlang process can be killed whatever it is doing. A Swift object
/// > cannot: a process here ends when ``Node/exit(_:reason:)`` ends its *pid* (monitors fire,
/// > its name is freed, calls that reach it through the network fail with `noproc`), or when its
/// > last reference goes and its deinit runs (a `normal` exit). A local caller that still holds
/// > the object can go on calling it directly — Swift calls local actors without asking the
/// > actor system. A registered actor is owned by its node and lives until it exits.
///
/// > Note: **Calls are typed request/response.** Erlang sends messages and picks replies out of
/// > a mailbox; Swift calls a function and gets its result or its error. Casts, which have no
/// > reply, are the exception, and must call a function that returns nothing.
///
/// > Note: **Connections.** Erlang connects on demand: sending to a node you are not connected
/// > to tries to connect. Here a cut link is a network failure: nothing crosses it, and nothing
/// > reconnects over it, until the simulation heals it — so a test can hold a partition open.
///
/// ## What this leaves out
/// - A real network. The ``NodeHost`` and ``WireCodec`` seams are where a transport that speaks
///   distributed Erlang itself (EPMD, the cookie handshake, the external term format) plugs in;
///   nothing above them assumes JSON or any other format.
/// - Erlang's links (`link/1`, exit propagation) and selective receive: pg2's own logic needs
///   neither (the one selective receive, in its monitor helper process, is modelled differently).
/// - Connect-on-demand and `net_ticktime`: connections here go down only when told to.
public enum Substrate {}
