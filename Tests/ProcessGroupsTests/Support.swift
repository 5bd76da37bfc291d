import Foundation
import ProcessGroups
import TestKit
import Testing

/// pg2 as a caller on `node` sees it.
func pg2(_ node: Node) -> ProcessGroups { ProcessGroups(node: node) }

/// Where the nodes must agree, in ``checkAll(_:_:agreement:sourceLocation:)``.
enum Agreement {
    /// Nodes that see each other list the same groups and the same members (rule 9, and what the
    /// exchange of rule 14 restores). Needs transitive connectivity (clean partitions) and no DOWN
    /// or exchange still in flight — quiesce first, unless only writes ran since the last check.
    case amongConnected
    /// Invariants only: for the anomalies, where pg2 lets connected nodes disagree.
    case none
}

/// What OTP's suite checks after every step, on every live node: the pg2 server's table and
/// monitor rows (``ProcessGroups/checkInvariants()``); and, unless `agreement` is `.none`, that
/// nodes that see each other agree on `which_groups` and on every group's members, and that the
/// local members of a connected set of nodes together are the member list (rule 6).
/// Call it inside `sim.run`.
func checkAll(
    _ nodes: [Node], _ sim: Simulation, agreement: Agreement = .amongConnected,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let live = nodes.filter(\.isAlive)
    for node in live {
        do {
            try await pg2(node).checkInvariants()
        } catch {
            Issue.record("\(node): \(error) — \(sim.seedNote)", sourceLocation: sourceLocation)
        }
    }
    guard agreement == .amongConnected else { return }
    for component in components(of: live) {
        guard component.allSatisfy({ x in component.allSatisfy { x.isConnected(to: $0.name) } }) else {
            Issue.record(
                "connectivity is not transitive here: use agreement: .none — \(sim.seedNote)",
                sourceLocation: sourceLocation)
            continue
        }
        let first = component[0]
        let groups = pg2(first).whichGroups()
        // Rule 6 needs every node of the connected set: a node left out would hide its local members.
        let whole = component.allSatisfy { node in
            node.connectedNodes.allSatisfy { peer in component.contains { $0.name == peer } }
        }
        for other in component.dropFirst() {
            #expect(
                pg2(other).whichGroups() == groups,
                sim.comment("which_groups on \(other.name) vs \(first.name)"), sourceLocation: sourceLocation)
        }
        for group in groups {
            let members = try pg2(first).members(of: group)
            for other in component.dropFirst() {
                #expect(
                    (try? pg2(other).members(of: group)) == members,
                    sim.comment("members of \(group) on \(other.name) vs \(first.name)"),
                    sourceLocation: sourceLocation)
            }
            guard whole else { continue }
            let local = try component.flatMap { try pg2($0).localMembers(of: group) }.sorted()
            #expect(
                local == members, sim.comment("rule 6: local members of \(group) add up to its members"),
                sourceLocation: sourceLocation)
        }
    }
}

/// The live nodes split by who can reach whom (connected components, each sorted by name).
func components(of nodes: [Node]) -> [[Node]] {
    var left = nodes.sorted { $0.name < $1.name }
    var result: [[Node]] = []
    while let seed = left.first {
        var component = [seed]
        var frontier = [seed]
        left.removeFirst()
        while let node = frontier.popLast() {
            let reached = left.filter { node.isConnected(to: $0.name) }
            left.removeAll { candidate in reached.contains { $0 === candidate } }
            component += reached
            frontier += reached
        }
        result.append(component.sorted { $0.name < $1.name })
    }
    return result
}

/// Quiesces the simulation, then runs ``checkAll(_:_:agreement:sourceLocation:)`` in it.
func settle(
    _ nodes: [Node], _ sim: Simulation, agreement: Agreement = .amongConnected,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    try await sim.quiescence()
    try await sim.run { try await checkAll(nodes, sim, agreement: agreement, sourceLocation: sourceLocation) }
}

/// `get_members(name)` on each node, by node name (`nil` where the group is unknown).
func members(of name: GroupName, on nodes: [Node]) -> [NodeName: [Pid]?] {
    Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, try? pg2($0).members(of: name)) })
}

/// Each pid repeated `times` times, sorted: what `get_members` lists for pids joined that often.
func entries(_ pids: [Pid], times: Int = 1) -> [Pid] { pids.sorted().flatMap { Array(repeating: $0, count: times) } }

/// The trace events of messages from one node to another's pg2 server calling `method`, e.g. `"join"`.
func serverCalls(_ method: String, in sim: Simulation) -> [TraceEvent] {
    sim.trace.events.filter { event in
        guard case .message(_, let to) = event.kind else { return false }
        return event.text.contains("<\(to).pg2> ExchangeServer.\(method)(")
    }
}

/// The trace events of lock requests (`LockServer.setLock`) sent over the network.
func lockRequests(in sim: Simulation) -> [TraceEvent] {
    sim.trace.events.filter { event in
        guard case .message = event.kind else { return false }
        return event.text.contains("LockServer.setLock(")
    }
}
