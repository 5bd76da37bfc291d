import Cluster
import LocalTable
import WorkbookSupport

/// A group as a pg2 with tombstones keeps it: when it was created and who is in it.
public struct LiveGroup: Hashable, Sendable, Codable {
    /// The time of the `create` that made it, in µs of virtual time.
    public var created: Int64
    /// Its members, sorted, a pid once per join.
    public var members: [Pid]

    public init(created: Int64, members: [Pid] = []) {
        self.created = created
        self.members = members
    }
}

/// One node's groups, and the deletes it knows of.
///
/// A `create` at time t, if the group is missing, adds it with `created` t; a `delete` at time t
/// removes it and sets its tombstone to t; a join or leave changes its members if it exists.
/// When two nodes connect, each merges the other's whole table into its own.
public struct TombstoneTable: Hashable, Sendable, Codable {
    /// The groups this node has.
    public var groups: [GroupName: LiveGroup]
    /// For each group ever deleted here, or learnt deleted from a peer: the time of the delete.
    public var tombstones: [GroupName: Int64]

    public init(groups: [GroupName: LiveGroup] = [:], tombstones: [GroupName: Int64] = [:]) {
        self.groups = groups
        self.tombstones = tombstones
    }
}

/// ## Exercise 6.3 — Tombstones
///
/// **The situation.** An operations team retires a billing group during a network split, and it
/// comes back after the heal (anomaly A1 of Chapters/PG2Rules.md). They propose a fix: remember
/// every delete, with its time, and let the merge respect it — a *tombstone*. A group created
/// again later must still be allowed to live.
///
/// **Your task.** Implement ``mergeKeepingDeletes(_:into:)``: merge a peer's table into `local`.
/// Edit only this function.
/// - A tombstone is kept at the later of the two times when both sides have one.
/// - A group — this side's or the peer's — survives only if it was created *after* the (merged)
///   tombstone of its name; one created at or before it is gone, on whichever side it was.
/// - A group that survives on both sides keeps the later `created`, and its members merge as
///   pg2's do: each pid's count becomes the larger of the two. A group that survives on one side
///   only is taken as it is.
/// - Nothing else is removed.
///
/// The tests check the rule on tables they build, then run it inside a pg2 server of theirs on a
/// simulated cluster: a group deleted during a partition must stay deleted after the heal — and
/// a leave made while a link is cut must still be undone (A2), because a tombstone per group says
/// nothing about members.
///
/// **Why it matters in pg2.** pg2's `store/1` cannot tell "deleted over there" from "never
/// heard of": it only adds. A tombstone is the usual fix, and its costs are the usual ones: the
/// tombstones are never forgotten, and ordering deletes by time trusts the clocks. OTP's `pg`
/// took another road — no `delete` at all: a group exists while it has members.
///
/// **Hints:** `swift run workbook hint 6.3` (three levels).
public func mergeKeepingDeletes(_ peer: TombstoneTable, into local: inout TombstoneTable) throws {
    // TODO(6.3): merge the tombstones, keep only groups created after them, and merge members by max.
    throw TODO("6.3: merge the peer's table, letting every tombstone delete the groups created before it")
}
