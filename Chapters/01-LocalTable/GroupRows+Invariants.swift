import Cluster

/// A broken invariant of pg2's table, named so that a failing test says which rule broke.
public struct InvariantViolation: Error, CustomStringConvertible, Sendable {
    public let rule: String
    public let detail: String
    public var description: String { "invariant broken — \(rule): \(detail)" }

    /// The violation of `rule`, with what broke it. O(1).
    public init(rule: String, detail: String) {
        self.rule = rule
        self.detail = detail
    }
}

extension GroupRows {
    /// Checks every rule the rows must obey; throws the first violation.
    ///
    /// Modelled on, and stricter than, the `sane/0` checks that OTP's pg2_SUITE makes after every
    /// step of its `basic` test; the workbook's tests make them after every step everywhere.
    /// O(r log r) for r rows: it walks them in sorted order, so the violation it reports first is
    /// the same on every run.
    public func checkInvariants() throws {
        func fail(_ rule: String, _ detail: String) -> InvariantViolation {
            InvariantViolation(rule: rule, detail: detail)
        }
        for name in memberCounts.keys.sorted() {
            let counts = memberCounts[name]!
            guard groups.contains(name) else {
                throw fail("every member's group exists", "members of \(name), which is not a group")
            }
            guard !counts.isEmpty else { throw fail("no empty member maps", "\(name)") }
            for pid in counts.keys.sorted() {
                guard counts[pid]! >= 1 else { throw fail("counts are ≥ 1", "\(pid) in \(name): \(counts[pid]!)") }
                guard pidIndex[pid]?.contains(name) == true else {
                    throw fail("the pid index mirrors the members", "\(pid) in \(name) but not indexed")
                }
            }
            let local = Set(counts.keys.filter { $0.node == localNode })
            guard (localMembers[name] ?? []) == local else {
                throw fail("local members are exactly the members of this node", "\(name)")
            }
        }
        for name in localMembers.keys.sorted() where memberCounts[name] == nil {
            throw fail("local members ⊆ members", "local members of \(name), which has no members")
        }
        for pid in pidIndex.keys.sorted() {
            let names = pidIndex[pid]!
            guard !names.isEmpty else { throw fail("no empty index entries", "\(pid)") }
            for name in names.sorted() where memberCounts[name]?[pid] == nil {
                throw fail("the pid index mirrors the members", "\(pid) indexed in \(name) but not a member")
            }
        }
    }

    /// Checks the same rules as ``checkInvariants()``, but only where a write touched the rows:
    /// for each touched group, its group row against its member rows; for each touched
    /// membership, its count, its local-member row and its reverse-index row. That is what
    /// ``GroupTable`` checks after every write in debug builds: the cost is that of the write,
    /// whatever the size of the table or of the group. O(touched).
    public func checkInvariants(touched: Touched) throws {
        func fail(_ rule: String, _ detail: String) -> InvariantViolation {
            InvariantViolation(rule: rule, detail: detail)
        }
        for name in touched.groups {
            if let counts = memberCounts[name] {
                guard groups.contains(name) else {
                    throw fail("every member's group exists", "members of \(name), which is not a group")
                }
                guard !counts.isEmpty else { throw fail("no empty member maps", "\(name)") }
            } else if let local = localMembers[name], !local.isEmpty {
                throw fail("local members ⊆ members", "local members of \(name), which has no members")
            }
        }
        for (name, pid) in touched.members {
            let count = memberCounts[name]?[pid]
            if let count, count < 1 { throw fail("counts are ≥ 1", "\(pid) in \(name): \(count)") }
            guard (pidIndex[pid]?.contains(name) == true) == (count != nil) else {
                throw fail("the pid index mirrors the members", "\(pid) in \(name): count \(count ?? 0)")
            }
            guard pidIndex[pid].map({ !$0.isEmpty }) ?? true else { throw fail("no empty index entries", "\(pid)") }
            let isLocal = localMembers[name]?.contains(pid) == true
            guard isLocal == (count != nil && pid.node == localNode) else {
                throw fail("local members are exactly the members of this node", "\(pid) in \(name)")
            }
        }
    }

    /// Whether the table holds nothing at all: no group, no member, no index row.
    public var isEmpty: Bool {
        groups.isEmpty && memberCounts.isEmpty && localMembers.isEmpty && pidIndex.isEmpty
    }
}
