import Cluster
import GlobalLock
import WorkbookSupport

/// ## Exercise 4.1 — One all-or-nothing attempt
///
/// **The situation.** A chat service on three nodes keeps one pg2 group per room. Two moderators,
/// one connected to node a and one to node c, rename `#general` at the same moment; each rename
/// must lock the room on every node first. a's request reaches a first and c's reaches c first,
/// so each holds part of the cluster. If both kept their part and waited for the rest, the room
/// would stay locked for ever. One attempt must therefore be all or nothing: any refusal, and
/// everything granted goes back.
///
/// **Your task.** Implement ``attemptLock(_:holder:on:from:)`` below: one attempt, made from
/// `node`, to set `id` for `holder` on the lock servers of `nodes`. Edit only this function.
/// - Ask every node at once, with one multicall:
///   `node.multicall(nodes, LockServer.name, as: LockServer.self) { try await $0.setLock(id, holder: holder) }`.
/// - A node that does not answer (disconnected, no lock server) is left out: it is in the
///   result's `badNodes`, not in its `replies`.
/// - If every reply is `true`, return `true`: the lock is held.
/// - Otherwise release it on exactly the nodes that granted — one more multicall, calling
///   ``GlobalLock/LockServer/deleteLock(_:holder:)`` — and return `false`.
/// - Do not call ``GlobalLock/Global/attempt(_:holder:on:)``: this *is* it.
///
/// **Why it matters in pg2.** Every pg2 write runs inside `global:trans`, and each try of it is
/// global's `set_lock_on_nodes`: a `gen_server:multi_call` to every node's `global_name_server`,
/// then `check_replies`, which on any `false` sends `del_lock` to the nodes that said `true`.
/// Without the release, two writers to one group could block each other for ever.
///
/// **Hints:** `swift run workbook hint 4.1` (three levels).
public func attemptLock(_ id: LockID, holder: Pid, on nodes: [NodeName], from node: Node) async throws -> Bool {
    // Failure is decided by the replies alone: a bad node neither grants nor refuses, and only
    // the nodes that granted have anything to give back.
    let result = await node.multicall(nodes, LockServer.name, as: LockServer.self) {
        try await $0.setLock(id, holder: holder)
    }
    let granted = result.replies.filter(\.value).map(\.node)
    if granted.count == result.replies.count { return true }
    _ = await node.multicall(granted, LockServer.name, as: LockServer.self) {
        try await $0.deleteLock(id, holder: holder)
    }
    return false
}
