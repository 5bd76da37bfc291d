import Cluster

/// One group's entries in pg's order: newest first, a pid once per join.
///
/// pg keeps a group's members as an Erlang list and edits it in three ways: a join *prepends*
/// (`[Pid | All]`, or `Pids ++ All` for a list, which keeps the list's own order as a block); a
/// leave removes the *first* occurrence of the pid (`lists:delete`, `--`), which is its newest
/// entry; and a sync that changes a known group does both. So the order a reader gets on the
/// owning node is a fact of pg (rule R2 of Chapters/PGRules.md), and this type reproduces it.
///
/// A Swift array would make a prepend O(n). Instead every entry gets a slot in an array that
/// grows at the end — the *end* is the front of pg's list — and each pid keeps the slots of its
/// entries, oldest first. A prepend appends slots; a leave empties the pid's last slot. Emptied
/// slots are squeezed out once they outnumber the live ones.
///
/// - Complexity: ``prepend(_:)`` O(k) for k pids, ``removeNewest(_:)`` O(1) amortised, both
///   whatever the group's size; ``list`` O(n) for n slots (the table builds it once per write).
public struct GroupEntries: Sendable, Equatable {
    /// Oldest first; nil where an entry was removed and not yet squeezed out.
    private var slots: [Pid?] = []
    /// For each pid, the indices of its entries in `slots`, oldest first.
    private var positions: [Pid: [Int]] = [:]
    /// The live entries.
    public private(set) var count = 0

    /// No entries. O(1).
    public init() {}

    /// The entries of `pids` in this order, as pg's list would hold them after `Pids ++ []`.
    /// O(k) for k pids.
    public init(_ pids: [Pid]) { prepend(pids) }

    /// Whether the group has no entry (pg's row `{Group, [], []}`: quirk Q1).
    public var isEmpty: Bool { count == 0 }

    /// `Pids ++ All`: `pids` go in front as one block, `pids[0]` first. O(k).
    public mutating func prepend(_ pids: [Pid]) {
        for pid in pids.reversed() {
            positions[pid, default: []].append(slots.count)
            slots.append(pid)
        }
        count += pids.count
    }

    /// `lists:delete(Pid, All)`: removes `pid`'s newest entry, the first in pg's list.
    /// - Returns: whether there was one. O(1) amortised.
    @discardableResult
    public mutating func removeNewest(_ pid: Pid) -> Bool {
        // In place: a copy of the pid's slots taken out and put back would cost all its entries.
        guard let slot = positions[pid]?.popLast() else { return false }
        if positions[pid]!.isEmpty { positions[pid] = nil }
        slots[slot] = nil
        count -= 1
        if slots.count - count > max(32, count) { squeeze() }
        return true
    }

    /// How many entries `pid` has. O(1).
    public func count(of pid: Pid) -> Int { positions[pid]?.count ?? 0 }

    /// The distinct pids with an entry, in no particular order.
    public var pids: Dictionary<Pid, [Int]>.Keys { positions.keys }

    /// The entries as pg lists them: newest first. O(n) for n slots.
    public var list: [Pid] { slots.reversed().compactMap { $0 } }

    /// Drops the emptied slots, keeping the order.
    private mutating func squeeze() {
        let live = slots.compactMap { $0 }
        slots = []
        positions = [:]
        count = 0
        prepend(live.reversed())
    }

    /// Equal when pg would list the same entries in the same order. O(n + n') for the two groups'
    /// slots (it builds both lists).
    public static func == (lhs: GroupEntries, rhs: GroupEntries) -> Bool { lhs.list == rhs.list }
}
