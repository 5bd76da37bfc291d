import Cluster
import LocalTable
import Monitors
import TestKit
import Testing

/// The same rules with real monitors: processes on a simulated node die, their DOWNs arrive, and
/// ``Memberships/memberDied(_:monitoring:)`` cleans up — what the pg2 server of chapter 3 will do.
@Suite("Monitors on a simulated node") struct SimulatedDownTests {
    @Test func aKilledMemberLeavesEveryGroupWhenItsDownArrives() async throws {
        let sim = simulation(seed: 21)
        let node = sim.addNode("a")
        let downs = Mailbox<Down>()
        let monitors = nodeMonitors(node, into: downs)
        let m = memberships(groups: "chat", "games")
        let doomed = node.spawnProcess(), survivor = node.spawnProcess()
        for (name, pid) in [("chat", doomed.id), ("chat", doomed.id), ("games", doomed.id), ("chat", survivor.id)] {
            m.join(name, pid, monitoring: monitors)
            try m.checkInvariants(in: sim)
        }
        #expect(node.monitoredPids == [doomed.id, survivor.id], "one monitor per pid — \(sim.seedNote)")

        sim.kill(doomed.id)
        try await sim.quiescence()
        let handled = try m.handleDowns(downs, monitoring: monitors, in: sim)
        #expect(handled.map(\.pid) == [doomed.id], sim.comment)
        #expect(handled.map(\.reason) == [.killed], sim.comment)
        #expect(m.table.groups(of: doomed.id) == [], sim.comment)
        #expect(try m.table.members(of: "chat") == [survivor.id], sim.comment)
        #expect(node.monitoredPids == [survivor.id], sim.comment)
        sim.expectNoEscapedJobs()
        withExtendedLifetime((doomed, survivor)) {}
    }

    /// OTP-7277 with a real monitor: after a leave of a room the user never joined, the node
    /// still monitors her, so her death still sends the DOWN that removes her from `#general`.
    @Test func afterAStrayLeaveTheDownStillComesAndRemovesTheMember() async throws {
        let sim = simulation(seed: 22)
        let node = sim.addNode("a")
        let downs = Mailbox<Down>()
        let monitors = nodeMonitors(node, into: downs)
        let m = memberships(groups: "#general", "#random")
        let user = node.spawnProcess()
        m.join("#general", user.id, monitoring: monitors)
        try m.checkInvariants(in: sim)
        #expect(m.leave("#random", user.id, monitoring: monitors) == false, sim.comment)
        try m.checkInvariants(in: sim)
        #expect(node.monitoredPids == [user.id], "the monitor survives the stray leave — \(sim.seedNote)")

        sim.kill(user.id)
        try await sim.quiescence()
        let handled = try m.handleDowns(downs, monitoring: monitors, in: sim)
        #expect(handled.map(\.pid) == [user.id], "the DOWN still comes — \(sim.seedNote)")
        #expect(try m.table.members(of: "#general") == [], sim.comment)
        for name in ["#general", "#random"] {
            m.delete(name, monitoring: monitors)
            try m.checkInvariants(in: sim)
        }
        #expect(m.isEmpty, sim.comment)
        #expect(node.monitoredPids == [], sim.comment)
        sim.expectNoEscapedJobs()
    }

    @Test func aMemberThatLeftBeforeDyingSendsNoDown() async throws {
        let sim = simulation(seed: 23)
        let node = sim.addNode("a")
        let downs = Mailbox<Down>()
        let monitors = nodeMonitors(node, into: downs)
        let m = memberships(groups: "chat")
        let user = node.spawnProcess()
        m.join("chat", user.id, monitoring: monitors)
        m.leave("chat", user.id, monitoring: monitors)
        try m.checkInvariants(in: sim)
        #expect(node.monitoredPids == [], "the last leave released the monitor — \(sim.seedNote)")

        sim.kill(user.id)
        try await sim.quiescence()
        #expect(try m.handleDowns(downs, monitoring: monitors, in: sim).isEmpty, sim.comment)
        sim.expectNoEscapedJobs()
    }

    @Test func aDownThatArrivesAfterTheLastLeaveChangesNothing() async throws {
        let sim = simulation(seed: 24)
        let node = sim.addNode("a")
        let downs = Mailbox<Down>()
        let monitors = nodeMonitors(node, into: downs)
        let m = memberships(groups: "chat")
        let user = node.spawnProcess(), other = node.spawnProcess()
        m.join("chat", user.id, monitoring: monitors)
        m.join("chat", other.id, monitoring: monitors)
        sim.kill(user.id)
        try await sim.quiescence()
        #expect(downs.count == 1, "the DOWN waits, not yet handled — \(sim.seedNote)")

        #expect(m.leave("chat", user.id, monitoring: monitors) == true, sim.comment)
        try m.checkInvariants(in: sim)
        let rows = m.table.rows, monitorRows = m.monitors
        let handled = try m.handleDowns(downs, monitoring: monitors, in: sim)
        #expect(handled.map(\.pid) == [user.id], sim.comment)
        #expect(m.table.rows == rows, "its ref has no row any more — \(sim.seedNote)")
        #expect(m.monitors == monitorRows, sim.comment)
        #expect(node.monitoredPids == [other.id], sim.comment)
        sim.expectNoEscapedJobs()
        withExtendedLifetime(other) {}
    }

    @Test func aDeadPidThatJoinsIsRemovedByItsNoprocDown() async throws {
        let sim = simulation(seed: 25)
        let node = sim.addNode("a")
        let downs = Mailbox<Down>()
        let monitors = nodeMonitors(node, into: downs)
        let m = memberships(groups: "chat")
        let ghost = node.spawnProcess().id  // its process ends as soon as nobody holds it
        try await sim.quiescence()
        #expect(!node.isAlive(ghost), sim.comment)

        m.join("chat", ghost, monitoring: monitors)  // rule 13: joining a dead pid is allowed
        try m.checkInvariants(in: sim)
        #expect(try m.table.members(of: "chat") == [ghost], sim.comment)
        try await sim.quiescence()
        let handled = try m.handleDowns(downs, monitoring: monitors, in: sim)
        #expect(handled.map(\.reason) == [.noproc], sim.comment)
        #expect(try m.table.members(of: "chat") == [], sim.comment)
        #expect(node.monitoredPids == [], sim.comment)
        sim.expectNoEscapedJobs()
    }

    @Test func deletingEveryGroupAndKillingEveryPidLeavesNoMonitorOnTheNode() async throws {
        let sim = simulation(seed: 26)
        let node = sim.addNode("a")
        let downs = Mailbox<Down>()
        let monitors = nodeMonitors(node, into: downs)
        let m = memberships(groups: "chat", "games", "news")
        let processes = [node.spawnProcess(), node.spawnProcess(), node.spawnProcess()]
        let (p1, p2, p3) = (processes[0].id, processes[1].id, processes[2].id)
        for (name, pid) in [("chat", p1), ("chat", p1), ("chat", p2), ("games", p2), ("news", p3)] {
            m.join(name, pid, monitoring: monitors)
            try m.checkInvariants(in: sim)
        }
        m.delete("chat", monitoring: monitors)
        try m.checkInvariants(in: sim)
        #expect(node.monitoredPids == [p2, p3], "p1 was only in chat; p2 is still in games — \(sim.seedNote)")

        for pid in [p1, p2, p3] { sim.kill(pid) }
        try await sim.quiescence()
        let handled = try m.handleDowns(downs, monitoring: monitors, in: sim)
        #expect(handled.map(\.pid).sorted() == [p2, p3], "no monitor on p1, so no DOWN — \(sim.seedNote)")
        for name in ["games", "news"] {
            m.delete(name, monitoring: monitors)
            try m.checkInvariants(in: sim)
        }
        #expect(m.isEmpty, "no group, no member, no leaked monitor row — \(sim.seedNote)")
        #expect(node.monitoredPids == [], sim.comment)
        sim.expectNoEscapedJobs()
        withExtendedLifetime(processes) {}
    }
}
