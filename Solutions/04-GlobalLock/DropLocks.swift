import Cluster
import GlobalLock
import WorkbookSupport

/// One resource's row in a lock server's table: who holds the lock, and through which processes.
///
/// The requester is the lock's owner (the `LockRequesterId` of global's lock id); the holders are
/// the processes that set it on the requester's behalf, each once. A row with no holder left must
/// not exist: the resource is free.
public struct LockEntry: Hashable, Sendable {
    public var requester: Pid
    public var holders: [Pid]

    public init(requester: Pid, holders: [Pid]) {
        self.requester = requester
        self.holders = holders
    }
}

/// ## Exercise 4.3 — Release when the holder dies
///
/// **The situation.** In a chat service, a writer process takes the lock of room `#general` to
/// add a member, and crashes half-way — a bad message, a killed connection. Nobody will ever call
/// `release` for it. If its lock stayed, every later join, leave and delete of `#general` would
/// retry for ever: one crash would freeze the room. The lock server monitors every holder, and
/// when one dies it must forget it everywhere.
///
/// **Your task.** Implement ``dropLocks(of:from:)`` below: `holder` died; update the lock table
/// `locks` (resource → ``LockEntry``). Edit only this function.
/// - Remove `holder` from the holders of every entry, keeping the others in their order.
/// - Delete every entry left with no holder: its resource is free.
/// - Entries that `holder` was not part of stay exactly as they were; an entry's requester never
///   changes, even if the requester itself was the one that died and a helper still holds on.
/// - A holder that holds nothing changes nothing.
///
/// **Why it matters in pg2.** A pg2 write holds the group's lock only while it runs; the lock
/// server's monitor is what turns the writer's death into a release. In global, the `'DOWN'`
/// clause of `global_name_server`'s `handle_info` calls `delete_lock` with the monitor's ref,
/// which takes the dead pid out of every lock it held and deletes the locks left without a pid —
/// and since a lost node's monitors fire with `noconnection`, a crashed node's writers go the
/// same way. Chapter 4's ``GlobalLock/LockServer`` does this when a holder's monitor fires.
///
/// **Hints:** `swift run workbook hint 4.3` (two levels).
public func dropLocks(of holder: Pid, from locks: inout [String: LockEntry]) throws {
    // Filtering each entry in place and then the table keeps this one pass over the rows; the
    // requester is left alone, because ownership belongs to the id, not to a process.
    for resource in locks.keys {
        locks[resource]!.holders.removeAll { $0 == holder }
    }
    locks = locks.filter { !$0.value.holders.isEmpty }
}
