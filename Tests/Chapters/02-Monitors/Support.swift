import Cluster
import LocalTable
import Monitors
import MonitorsTestKit
import TestKit
import Testing

// MARK: Pids and refs without a cluster

/// Memberships over an empty table of node a, with `groups` created.
func memberships(groups: GroupName...) -> Memberships {
    let memberships = Memberships(table: GroupTable(localNode: "a"))
    for name in groups { memberships.table.assureGroup(name) }
    return memberships
}

// MARK: A real node's monitors

/// Real monitors of `node` — the chapter's ``NodeMonitors`` — whose DOWNs wait in `downs` until
/// the test hands them to ``Memberships/memberDied(_:monitoring:)``, through
/// ``Memberships/handleDowns(_:monitoring:in:)``.
func nodeMonitors(_ node: Node, into downs: Mailbox<Down>) -> NodeMonitors {
    NodeMonitors(node: node) { downs.send($0) }
}

/// An error thrown in a simulated test, with the seed and the command that replays the run.
struct SeededFailure: Error, CustomStringConvertible {
    let error: any Error
    let seedNote: String
    var description: String { "\(error) — \(seedNote)" }
}

extension Memberships {
    /// ``checkInvariants()``, naming the simulation's seed if an invariant is broken.
    func checkInvariants(in sim: Simulation) throws {
        do { try checkInvariants() } catch { throw SeededFailure(error: error, seedNote: sim.seedNote) }
    }

    /// Handles every DOWN waiting in `downs`, in arrival order, as the pg2 server's DOWN handler
    /// does, checking the invariants after each. Returns the DOWNs handled.
    @discardableResult
    func handleDowns(_ downs: Mailbox<Down>, monitoring monitors: NodeMonitors, in sim: Simulation)
        throws -> [Down]
    {
        let waiting = downs.drain()
        for down in waiting {
            memberDied(down.ref, monitoring: monitors)
            try checkInvariants(in: sim)
        }
        return waiting
    }
}
