@preconcurrency import Glibc
import Cluster
import Dispatch
import ErlangDist
import Foundation
import ProcessGroups
import RealNodes
import Synchronization

// `pg2-bench real`, the Swift side: one in-process RealNode and `pg2-node` children.

final class SwiftCluster: @unchecked Sendable {
    let real: RealNode
    let others: [ChildProcess]
    let otherNames: [String]

    private init(real: RealNode, others: [ChildProcess], otherNames: [String]) {
        self.real = real
        self.others = others
        self.otherNames = otherNames
    }

    static func start(size: Int, run: String, epmdPort: UInt16, tools: Tools, children: ChildList) async throws
        -> SwiftCluster
    {
        let cookie = randomCookie()
        let names = (1...size).map { "pg2b_\(run)_\(size)_\($0)@127.0.0.1" }
        var options = DistNodeOptions()
        options.epmdPort = epmdPort
        options.log = { _ in }
        let real = try await RealNode.start(name: names[0], cookie: cookie, options: options, log: nil)
        do {
            try ProcessGroups.start(on: real.node)
            let others = try names.dropFirst().map { name in
                children.add(
                    try ChildProcess(
                        name, executable: tools.pg2Node,
                        arguments: ["--name", name, "--cookie", cookie, "--connect", names[0]],
                        environment: ["ERL_EPMD_PORT": "\(epmdPort)"]), quit: "quit")
            }
            for (child, name) in zip(others, names.dropFirst()) {
                _ = try await child.readLine(
                    until: { $0 == "ready \(name)" }, within: .seconds(30), waitingFor: "ready \(name)")
            }
            let cluster = SwiftCluster(real: real, others: others, otherNames: Array(names.dropFirst()))
            try await cluster.waitForMesh()
            return cluster
        } catch {
            real.stop()
            throw error
        }
    }

    /// Until node 1 is connected to every child and every child to every other node.
    func waitForMesh() async throws {
        let want = otherNames.count
        try await waitUntil("a full mesh of \(want + 1) Swift nodes", within: .seconds(20)) {
            guard Set(real.connectedNodes).isSuperset(of: otherNames) else { return false }
            for child in others {
                let seen = try await child.ask("nodes").split(separator: " ").count
                if seen != want { return false }
            }
            return true
        }
    }

    /// The timed joins and round trips, from this task — or, with PG2_BENCH_IN_NODE set, from a
    /// task of node 1, as one of its processes would make them.
    func measureJoins() async throws -> SideResult {
        if ProcessInfo.processInfo.environment["PG2_BENCH_IN_NODE"] != nil {
            return try await real.node.spawn { [self] in try await measureJoinsHere() }.value
        }
        return try await measureJoinsHere()
    }

    private func measureJoinsHere() async throws -> SideResult {
        let pg = ProcessGroups(node: real.node)
        try await pg.create("g")
        let worker = real.node.spawnProcess()
        for _ in 0..<warmupJoins { try await pg.join("g", worker.id) }
        var samples: [Double] = []
        samples.reserveCapacity(timedJoins)
        for _ in 0..<timedJoins {
            let start = ContinuousClock.now
            try await pg.join("g", worker.id)
            samples.append(micros(since: start))
        }
        // Every node applied every join before it returned.
        let total = warmupJoins + timedJoins
        let listedHere = try pg.members(of: "g").count
        guard listedHere == total else {
            throw ChildError(description: "node 1 lists \(listedHere) of \(total) members of g")
        }
        for child in others {
            let listed = try await child.ask("members g").split(separator: " ").count
            guard listed == total else {
                throw ChildError(description: "\(child.label) lists \(listed) of \(total) members of g")
            }
        }
        var roundTrip: Sample?
        if let child = others.first {
            let text = try await child.ask("spawn")
            guard let pid = Pid(parsing: text) else {
                throw ChildError(description: "\(child.label): spawn answered \(text)")
            }
            let echo = try real.node.resolve(pid, as: ProcessActor.self)
            for _ in 0..<50 { _ = try await echo.echo("x") }
            var trips: [Double] = []
            for _ in 0..<timedRoundTrips {
                let start = ContinuousClock.now
                _ = try await echo.echo("x")
                trips.append(micros(since: start))
            }
            roundTrip = Sample(trips)
        }
        var distRoundTrip: Sample?
        if let peer = otherNames.first {
            // The same wire without the substrate: a DistProcess calls the peer's net_kernel
            // (answered on its reader thread), as `net_adm:ping` does: MONITOR_P + SEND, then
            // the reply, then DEMONITOR_P.
            let process = try real.dist.makeProcess()
            defer { process.exit() }
            let request = Term.tuple([.atom("is_auth"), .atom(real.name)])
            for _ in 0..<50 { _ = try await process.call(name: "net_kernel", on: peer, request) }
            var trips: [Double] = []
            for _ in 0..<timedRoundTrips {
                let start = ContinuousClock.now
                _ = try await process.call(name: "net_kernel", on: peer, request)
                trips.append(micros(since: start))
            }
            distRoundTrip = Sample(trips)
        }
        withExtendedLifetime(worker) {}
        return SideResult(join: Sample(samples), roundTrip: roundTrip, distRoundTrip: distRoundTrip)
    }

    /// Disconnect, 1 000 joins on each side, reconnect: ms until both list all 2 000.
    func measureConvergence() async throws -> Convergence {
        guard let child = others.first, let peer = otherNames.first else {
            throw ChildError(description: "needs 2 nodes")
        }
        let pg = ProcessGroups(node: real.node)
        try await pg.create("c")
        let created = try await child.ask("which")
        guard created.split(separator: " ").contains("c") else {
            throw ChildError(description: "\(peer) has no group c: \(created)")
        }
        real.disconnect(peer)
        try await waitUntil("\(peer) and node 1 to part", within: .seconds(10)) {
            if real.connectedNodes.contains(peer) { return false }
            return try await child.ask("nodes").isEmpty
        }
        let mine = (0..<convergenceJoins).map { _ in real.node.spawnProcess() }
        for process in mine { try await pg.join("c", process.id) }
        let pids = try await child.askAll(Array(repeating: "spawn", count: convergenceJoins))
        guard pids.allSatisfy({ Pid(parsing: $0) != nil }) else {
            throw ChildError(description: "\(peer): spawn answered \(pids.first { Pid(parsing: $0) == nil } ?? "")")
        }
        let joined = try await child.askAll(pids.map { "join c \($0)" }, within: .seconds(60))
        guard joined.allSatisfy({ $0 == "ok" }) else {
            throw ChildError(description: "\(peer): join answered \(joined.first { $0 != "ok" } ?? "")")
        }
        guard try pg.members(of: "c").count == convergenceJoins else {
            throw ChildError(description: "node 1 saw the other side's joins while apart")
        }
        let want = 2 * convergenceJoins
        let start = ContinuousClock.now
        let deadline = start + .seconds(20)
        guard await real.connect(peer) else { throw ChildError(description: "node 1 could not reconnect to \(peer)") }
        var here: Double?, there: Double?
        while here == nil || there == nil {
            guard ContinuousClock.now < deadline else {
                throw ChildError(
                    description: "no convergence within 20 s (node 1: \(try pg.members(of: "c").count) members)")
            }
            if here == nil, try pg.members(of: "c").count >= want { here = micros(since: start) }
            if there == nil {
                let listed = try await child.ask("members c").split(separator: " ").count
                if listed >= want { there = micros(since: start) }
            }
            if here == nil { await Task.yield() }
        }
        withExtendedLifetime(mine) {}
        return Convergence(here: here! / 1000, both: max(here!, there!) / 1000)
    }
}
