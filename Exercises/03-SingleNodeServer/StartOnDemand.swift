import Cluster
import LocalTable
import SingleNodeServer
import WorkbookSupport

/// ## Exercise 3.3 — Started on demand
///
/// **The situation.** A node boots a dozen applications, several of which use pg2, in no fixed
/// order. None of them should have to know whether pg2 is running yet, or start it: whichever
/// uses pg2 first on the node starts its server, and everyone after that must get *that* server —
/// two servers on one node would be two writers of one table. And if the server crashes, the next
/// caller starts a fresh one.
///
/// **Your task.** Implement ``startedServer(on:)`` below: return the node's running pg2 server,
/// starting one if there is none. Edit only this function.
/// - If a live actor is registered as ``SingleNodeServer/PG2Server/name`` on `node`
///   (`node.whereis`), return a reference to it (`node.resolve(_:on:)`) and start nothing.
/// - Otherwise create the server *inside* `node.register(PG2Server.name) { … }`, so that its id
///   is the well-known pid `<node.pg2>` that every node can address without asking, and the node
///   keeps it alive. (`PG2Server(actorSystem: node)` publishes its new, empty table itself.)
/// - `register` throws `Node.NameTaken` if another caller registered a server between your check
///   and your start: then return that one.
///
/// **Why it matters in pg2.** This is pg2's `ensure_started`, which every API function calls
/// first: `whereis(pg2)`, and if that is `undefined`, ask the kernel's supervisor
/// (`kernel_safe_sup`) to start the server. A caller that loses a race gets an error back, which
/// pg2 ignores: whoever won is registered as `pg2`, and the call that follows goes to it. The
/// registered name is also how chapter 5's servers find each other: `{pg2, Node}` on every node.
///
/// **Hints:** `swift run workbook hint 3.3` (two levels).
public func startedServer(on node: Node) throws -> PG2Server {
    // TODO(3.3): return the server registered as PG2Server.name, or register a new one.
    throw TODO("3.3: return the node's registered pg2 server, registering a new one if there is none")
}
