import ProcessGroups
import TestKit
import Testing

/// Rules 14–15 of Chapters/PG2Rules.md: the exchange of tables on `nodeup` and on a server's start.
@Suite struct ExchangeTests {
    /// Rule 14: a node that connects later learns every group, empty ones too, with its members.
    @Test func aNodeThatJoinsLaterLearnsEveryGroupAndMember() async throws {
        let sim = simulation(seed: 1201)
        let early = try sim.cluster("a", "b", running: ProcessGroups.start(on:))
        let p = early[0].spawnProcess(), q = early[1].spawnProcess()
        try await sim.run {
            for group in ["empty", "g"] { try await pg2(early[1]).create(group) }
            for pid in [p.id, q.id, q.id] { try await pg2(early[0]).join("g", pid) }
            try await checkAll(early, sim)
        }
        let nodes = early + (try sim.cluster("c", running: ProcessGroups.start(on:)))
        try await settle(nodes, sim)
        #expect(pg2(nodes[2]).whichGroups() == ["empty", "g"], sim.comment)
        #expect(try pg2(nodes[2]).members(of: "g") == [p.id, q.id, q.id], sim.comment)
        #expect(nodes[2].monitoredPids == [p.id, q.id], sim.comment("c monitors what it learnt"))
        sim.expectNoEscapedJobs()
    }

    /// Rule 14 (`new_pg2`): a pg2 server that exits and starts again has an empty table, and its
    /// peers refill it — groups, members (its own node's too) and monitors.
    @Test func aRestartedPG2ServerIsRefilledByItsPeers() async throws {
        let sim = simulation(seed: 1202)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = nodes[1].spawnProcess(), q = nodes[2].spawnProcess()
        try await sim.run {
            for group in ["empty", "g"] { try await pg2(nodes[0]).create(group) }
            for pid in [p.id, p.id, q.id] { try await pg2(nodes[0]).join("g", pid) }
            try await checkAll(nodes, sim)
        }
        let before = members(of: "g", on: nodes)
        nodes[1].exit(Pid(named: "pg2", on: "b"))
        try await sim.quiescence()
        try await sim.run { try await checkAll([nodes[0], nodes[2]], sim) }  // b's server is down
        #expect(nodes[1].monitoredPids == [], sim.comment("the exited server's monitors went with it"))
        try ProcessGroups.start(on: nodes[1])
        try await settle(nodes, sim)
        #expect(pg2(nodes[1]).whichGroups() == ["empty", "g"], sim.comment)
        #expect(members(of: "g", on: nodes) == before, sim.comment)
        #expect(try pg2(nodes[1]).localMembers(of: "g") == [p.id, p.id], sim.comment)
        #expect(nodes[1].monitoredPids == [p.id, q.id], sim.comment("one monitor per member, again"))
        sim.kill(p.id)  // and the new monitors work
        try await settle(nodes, sim)
        #expect(members(of: "g", on: nodes) == ["a": [q.id], "b": [q.id], "c": [q.id]], sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// An exited pg2 server is gone for good: only its successor answers and exchanges. Here p
    /// leaves after b's server restarted; when b is cut off and reconnected, a stale table from
    /// the old server (which still listed p) would bring p back — nobody may list it.
    @Test func anExitedPG2ServerNeverSpeaksAgain() async throws {
        let sim = simulation(seed: 1204)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = nodes[2].spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await pg2(nodes[0]).join("g", p.id)
            try await checkAll(nodes, sim)
        }
        nodes[1].exit(Pid(named: "pg2", on: "b"))
        try ProcessGroups.start(on: nodes[1])
        try await settle(nodes, sim)
        try await sim.run {
            try await pg2(nodes[0]).leave("g", p.id)
            try await checkAll(nodes, sim)
        }
        sim.partition(["a", "c"], ["b"])
        try await settle(nodes, sim)
        sim.heal()
        try await settle(nodes, sim)
        #expect(members(of: "g", on: nodes) == ["a": [], "b": [], "c": []], sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// Rule 14 (`new_pg2`): a node that starts pg2 only after its peers wrote — it missed every
    /// write, its server being absent — learns their groups when its server starts.
    @Test func aNodeThatStartsPG2LateLearnsTheGroups() async throws {
        let sim = simulation(seed: 1205)
        let nodes = try sim.cluster("a", "b", running: ProcessGroups.start(on:))
        let late = sim.addNode("c")  // connected, but no pg2 server yet
        let p = late.spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await pg2(nodes[1]).join("g", p.id)
            try await checkAll(nodes, sim)
        }
        #expect(late.whereis("pg2") == nil, sim.comment("c's server did not take part"))
        try ProcessGroups.start(on: late)
        try await settle(nodes + [late], sim)
        #expect(members(of: "g", on: [late]) == ["c": [p.id]], sim.comment)
        #expect(try pg2(late).localMembers(of: "g") == [p.id], sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// Rule 14: a crashed node that restarts starts empty and learns the cluster's groups again;
    /// its old pids stay gone.
    @Test func aRestartedNodeLearnsTheGroupsAgain() async throws {
        let sim = simulation(seed: 1203)
        let first = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = first[0].spawnProcess(), old = first[2].spawnProcess()
        try await sim.run {
            try await pg2(first[0]).create("g")
            for pid in [p.id, old.id] { try await pg2(first[0]).join("g", pid) }
            try await checkAll(first, sim)
        }
        sim.crash("c")
        try await settle(first, sim)
        let nodes = [first[0], first[1], sim.restart("c")]
        try ProcessGroups.start(on: nodes[2])
        try await settle(nodes, sim)
        #expect(members(of: "g", on: nodes) == ["a": [p.id], "b": [p.id], "c": [p.id]], sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// Rule 15: partitions {a, b} and {c, d}; on each node a fresh pid joins g twice. After the
    /// heal all four nodes list the same sorted 8 entries.
    @Test(arguments: [1211, 1212, 1213] as [UInt64])
    func twoPlusTwoPartitionConvergesOnTheSameEightEntries(seed: UInt64) async throws {
        let sim = simulation(seed: seed)
        let nodes = try sim.cluster("a", "b", "c", "d", running: ProcessGroups.start(on:))
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await checkAll(nodes, sim)
        }
        sim.partition(["a", "b"], ["c", "d"])
        try await settle(nodes, sim)
        let pids = nodes.map { $0.spawnProcess() }
        try await sim.run {
            for (node, pid) in zip(nodes, pids) {
                try await pg2(node).join("g", pid.id)
                try await checkAll(nodes, sim)
                try await pg2(node).join("g", pid.id)
                try await checkAll(nodes, sim)
            }
        }
        let (ab, cd) = (entries([pids[0].id, pids[1].id], times: 2), entries([pids[2].id, pids[3].id], times: 2))
        #expect(members(of: "g", on: nodes) == ["a": ab, "b": ab, "c": cd, "d": cd], sim.comment)
        sim.heal()
        try await settle(nodes, sim)
        let all = entries(pids.map(\.id), times: 2)
        #expect(all.count == 8)
        for node in nodes { #expect(try pg2(node).members(of: "g") == all, sim.comment("rule 15 on \(node.name)")) }
        sim.expectNoEscapedJobs()
    }

    /// p (on c) is killed at some moment of a heal: before the tables go out, while they are in
    /// flight, or after they are merged. Whenever it is, p ends up gone on every node — a node
    /// that learns a dead p from an exchange monitors it and hears `noproc`.
    @Test(arguments: [0, 150, 300, 500, 800, 1_200, 2_000, 4_000] as [Int])
    func aMemberKilledWhileThePartitionHealsEndsUpGoneEverywhere(microseconds: Int) async throws {
        let sim = simulation(seed: 1221)
        let nodes = try sim.cluster("a", "b", "c", "d", running: ProcessGroups.start(on:))
        let p = nodes[2].spawnProcess(), q = nodes[3].spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await checkAll(nodes, sim)
        }
        sim.partition(["a", "b"], ["c", "d"])
        try await settle(nodes, sim)
        try await sim.run {
            try await pg2(nodes[3]).join("g", p.id)
            try await pg2(nodes[3]).join("g", q.id)
            try await checkAll(nodes, sim)
        }
        sim.heal()
        try await sim.run(for: .microseconds(microseconds))
        sim.kill(p.id)
        try await sim.run { try await checkAll(nodes, sim, agreement: .none) }  // mid-heal: invariants only
        try await settle(nodes, sim)
        #expect(members(of: "g", on: nodes) == ["a": [q.id], "b": [q.id], "c": [q.id], "d": [q.id]], sim.comment)
        for node in nodes { #expect(node.monitoredPids == [q.id], sim.comment("\(node.name) watches only q")) }
        sim.expectNoEscapedJobs()
    }
}
