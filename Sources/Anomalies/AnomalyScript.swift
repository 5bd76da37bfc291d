import Cluster
import LocalTable

/// One write of an anomaly's scenario: what it does to the group, and the node that makes it.
/// The member it joins or leaves is the scenario's one process, p (``AnomalyScript/member``).
public struct AnomalyWrite: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case create, delete, join, leave
    }

    public let kind: Kind
    /// The node the write is made on.
    public let from: NodeName

    /// `node` creates the group. O(1).
    public static func create(from node: NodeName) -> AnomalyWrite { AnomalyWrite(kind: .create, from: node) }
    /// `node` deletes the group. O(1).
    public static func delete(from node: NodeName) -> AnomalyWrite { AnomalyWrite(kind: .delete, from: node) }
    /// `node` joins p to the group. O(1).
    public static func join(from node: NodeName) -> AnomalyWrite { AnomalyWrite(kind: .join, from: node) }
    /// `node` leaves p from the group. O(1).
    public static func leave(from node: NodeName) -> AnomalyWrite { AnomalyWrite(kind: .leave, from: node) }

    /// The write as a sentence, e.g. `c leaves <c.1> from g`. O(1).
    public func sentence(group: GroupName, member: Pid?) -> String {
        let p = member.map(\.description) ?? "p"
        switch kind {
        case .create: return "\(from) creates \(group)"
        case .delete: return "\(from) deletes \(group)"
        case .join: return "\(from) joins \(p) to \(group)"
        case .leave: return "\(from) leaves \(p) from \(group)"
        }
    }
}

/// The cut an anomaly's writes happen behind, and how it is mended.
public enum AnomalyCut: Sendable, Equatable {
    /// A clean partition into two sides (``Cluster/Simulation/partition(_:_:)``), mended by a heal.
    case partition([NodeName], [NodeName])
    /// Only the link between two nodes (``Cluster/Simulation/disconnect(_:_:)``); everything else
    /// stays connected. Mended by reconnecting that link.
    case link(NodeName, NodeName)

    /// Makes the cut. O(nodes²) at most.
    public func make(_ sim: Simulation) {
        switch self {
        case .partition(let one, let other): sim.partition(one, other)
        case .link(let a, let b): sim.disconnect(a, b)
        }
    }

    /// Mends it. O(nodes²) at most.
    public func mend(_ sim: Simulation) {
        switch self {
        case .partition: sim.heal()
        case .link(let a, let b): sim.reconnect(a, b)
        }
    }

    /// The mend as a fault the explorer may strike at any choice point: `heal` or `reconnect a b`.
    public var mendFault: ExplorerScenario.Fault {
        switch self {
        case .partition: .heal
        case .link(let a, let b): .reconnect(a, b)
        }
    }
}

/// An anomaly's scenario as data, the steps every harness plays: the nodes, the group, where the
/// one member p lives (if there is one), the writes that set the group up while the network is
/// whole, the cut, the writes made behind it, and — implied by the cut — the mend.
///
/// The steps are stated once per anomaly, in ``PG2Anomaly/script(_:)``; what a harness adds is
/// only its pace (``AnomalyScript/Pace``, in AnomalyScript+Run.swift): whether it lets the
/// simulation go quiet between the steps, or mends the cut while the writes are on their way.
public struct AnomalyScript: Sendable, Equatable {
    /// The nodes, in order; each runs the module.
    public let nodes: [NodeName]
    /// The group written.
    public let group: GroupName
    /// The node p lives on; nil if the scenario has no member.
    public let member: NodeName?
    /// The writes made while the network is whole, in order.
    public let setUp: [AnomalyWrite]
    /// The cut.
    public let cut: AnomalyCut
    /// The writes made behind the cut, in order.
    public let writes: [AnomalyWrite]

    /// A scenario from its steps. O(1): the lists are shared, not copied.
    public init(
        nodes: [NodeName], group: GroupName, member: NodeName?, setUp: [AnomalyWrite], cut: AnomalyCut,
        writes: [AnomalyWrite]
    ) {
        self.nodes = nodes
        self.group = group
        self.member = member
        self.setUp = setUp
        self.cut = cut
        self.writes = writes
    }

    /// The same scenario as a module plays it that lets only a process's own node write its
    /// memberships, and has no delete (chapter 7's pg): every join and leave is made on p's node,
    /// and a delete becomes p's leave — in pg a group is gone once its last entry is, and p is the
    /// only one. A create stays, for the module to ignore. O(writes). Needs a member.
    public var madeOnTheMembersNode: AnomalyScript {
        guard let member else { preconditionFailure("a scenario without a member has no one to make its writes") }
        func moved(_ write: AnomalyWrite) -> AnomalyWrite {
            switch write.kind {
            case .create: write
            case .join: .join(from: member)
            case .leave, .delete: .leave(from: member)
            }
        }
        return AnomalyScript(
            nodes: nodes, group: group, member: member, setUp: setUp.map(moved), cut: cut, writes: writes.map(moved))
    }

    /// What the writes leave in the group if every write reached every node: p's entries, one per
    /// join not undone by a leave, or nil if the group was deleted (or never created). This is
    /// what a consistent module lists everywhere at the end. O(writes).
    public func left(by member: Pid?) -> [Pid]? {
        var entries: [Pid]? = nil
        for write in setUp + writes {
            switch write.kind {
            case .create: entries = entries ?? []
            case .delete: entries = nil
            case .join: if let member { entries = (entries ?? []) + [member] }
            case .leave:
                if let member, let index = entries?.firstIndex(of: member) { entries?.remove(at: index) }
            }
        }
        return entries
    }

    /// The writes behind the cut as one line, e.g. `a joins <c.1> to g, then b does`: each write a
    /// sentence, a repeat of the previous kind shortened to `then X does`. O(writes).
    public func describeWrites(member: Pid?) -> String {
        var line = ""
        for (index, write) in writes.enumerated() {
            if index == 0 {
                line = write.sentence(group: group, member: member)
            } else if write.kind == writes[index - 1].kind {
                line += ", then \(write.from) does"
            } else {
                line += ", then " + write.sentence(group: group, member: member)
            }
        }
        return line
    }
}
