import ProcessGroups
import TestKit
import Testing

/// The end of every test in OTP's pg2 suite: delete every group, kill every pid, and nothing may
/// be left — no group, no member, no monitor row, on any node.
@Suite struct CleanupTests {
    /// After a busy history (repeated joins, a leave of a non-member, a partition and its heal),
    /// deleting every group and killing every pid leaves every table empty, and no node monitors
    /// anything: neither pg2's monitors of members nor the lock servers' monitors of the
    /// transaction processes outlive the quiescence.
    @Test func afterDeletingEveryGroupAndKillingEveryPidNothingIsLeftAnywhere() async throws {
        let sim = simulation(seed: 1401)
        let nodes = try sim.cluster("a", "b", "c", "d", running: ProcessGroups.start(on:))
        let processes = nodes.flatMap { [$0.spawnProcess(), $0.spawnProcess()] }
        let pids = processes.map(\.id)
        try await sim.run {
            for group in ["g", "h", "i"] { try await pg2(nodes[0]).create(group) }
            for (index, pid) in pids.enumerated() {
                let node = nodes[index % nodes.count]
                try await pg2(node).join("g", pid)
                try await pg2(node).join(index % 2 == 0 ? "h" : "g", pid)
                try await pg2(node).leave("i", pid)  // not a member: must not touch the monitor
                try await checkAll(nodes, sim)
            }
        }
        sim.partition(["a", "b"], ["c", "d"])
        try await settle(nodes, sim)
        try await sim.run {
            try await pg2(nodes[2]).join("i", pids[0])  // a pid across the cut: noconnection
            try await pg2(nodes[1]).join("i", pids[2])
            try await checkAll(nodes, sim, agreement: .none)  // the noconnection DOWN is on its way
        }
        try await settle(nodes, sim)
        sim.heal()
        try await settle(nodes, sim)
        try await sim.run {
            for (index, group) in ["g", "h", "i"].enumerated() {
                try await pg2(nodes[index]).delete(group)
                try await checkAll(nodes, sim)
            }
        }
        withExtendedLifetime(processes) { for pid in pids { sim.kill(pid) } }
        try await settle(nodes, sim)
        try await sim.run {
            for node in nodes {
                let empty = try await pg2(node).isEmpty()
                #expect(empty, sim.comment("\(node.name)'s table is not empty"))
            }
        }
        for node in nodes {
            #expect(node.monitoredPids == [], sim.comment("\(node.name) still monitors \(node.monitoredPids)"))
        }
        sim.expectNoEscapedJobs()
    }

    /// The same, the short way: killing every member empties every group on every node (the
    /// groups themselves stay until deleted).
    @Test func killingEveryMemberLeavesOnlyEmptyGroups() async throws {
        let sim = simulation(seed: 1402)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let processes = nodes.map { $0.spawnProcess() }
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            for (node, process) in zip(nodes, processes) { try await pg2(node).join("g", process.id) }
            try await checkAll(nodes, sim)
        }
        for process in processes { sim.kill(process.id) }
        try await settle(nodes, sim)
        #expect(members(of: "g", on: nodes) == ["a": [], "b": [], "c": []], sim.comment)
        for node in nodes { #expect(node.monitoredPids == [], sim.comment) }
        try await sim.run {
            try await pg2(nodes[1]).delete("g")
            for node in nodes {
                let empty = try await pg2(node).isEmpty()
                #expect(empty, sim.comment)
            }
        }
        sim.expectNoEscapedJobs()
    }
}
