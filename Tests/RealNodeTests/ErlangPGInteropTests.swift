import Foundation
import InteropKit
import ProcessGroups
import RealNodes
import SeededRandom
import Testing

/// A Swift `pg` scope and Erlang's own `pg` scope, peers over the wire: each side's joins show up
/// on the other, exits and a node's end remove members on the other side, and nothing the Swift
/// scope sends ever crashes Erlang's (OTP 25's scope dies on a leave for a group it was never
/// told of, and on any message it does not know). Needs `erl` (`.ci/erlang-interop`).
@Suite("Swift pg and Erlang pg", .serialized, .enabled(if: Interop.available))
struct ErlangPGInteropTests {
    struct Pair {
        let cluster = RealCluster()
        let swift: RealNode
        let scope: ProcessGroups.Scope
        let erl: TestErl
        /// Erlang's scope process, as `~w` prints it: it must never change.
        let erlangScope: String

        init() async throws {
            swift = try await cluster.start("swift")
            scope = try ProcessGroups.Scope.start("pg", on: swift.node)
            erl = try await TestErl(
                prefix: "erlpg", cookie: cluster.cookie, epmdPort: cluster.epmdPort,
                extra: ["-kernel", "start_pg", "true"])
            let pong = await erl.eval("net_adm:ping('\(swift.name)').")
            guard pong == "pong" else { throw InteropError("ping: \(pong)") }
            erlangScope = await erl.eval("whereis(pg).")
        }

        func stop() {
            erl.kill()
            cluster.stopAll()
        }

        /// How many members Erlang's scope lists in `group`, and on which nodes.
        func erlangMembers(_ group: String) async -> String {
            await erl.eval("lists:sort([node(X) || X <- pg:get_members(\(group))]).")
        }

        func erlangNodes(_ count: (swift: Int, erl: Int)) -> String {
            let nodes =
                Array(repeating: "'\(erl.name)'", count: count.erl)
                + Array(repeating: "'\(swift.name)'", count: count.swift)
            return "[" + nodes.sorted().joined(separator: ",") + "]"
        }

        func scopeUnchanged() async -> Bool { await erl.eval("whereis(pg).") == erlangScope }
    }

    @Test("joins cross both ways; an Erlang member's exit and a Swift member's death remove it on the other side")
    func joinsAndExits() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        await pair.erl.eval("P = spawn(fun() -> receive stop -> ok end end), ok = pg:join(chat, P).")
        let fromErlang = await Interop.eventually { pair.scope.members(of: "chat").count == 1 }
        #expect(fromErlang, "\(pair.cluster.log.all.suffix(10))")
        let erlangMember = try #require(pair.scope.members(of: "chat").first)
        #expect(erlangMember.node.rawValue == pair.erl.name)

        let worker = pair.swift.node.spawnProcess()
        try await pair.scope.join("chat", worker.id)
        let both = pair.erlangNodes((swift: 1, erl: 1))
        let toErlang = await Interop.eventually { await pair.erlangMembers("chat") == both }
        let seen = await pair.erlangMembers("chat")
        #expect(toErlang, "Erlang lists \(seen)")

        await pair.erl.eval("P ! stop.")
        let erlangGone = await Interop.eventually { pair.scope.members(of: "chat") == [worker.id] }
        #expect(erlangGone)

        pair.swift.node.exit(worker.id, reason: .killed)
        let swiftGone = await Interop.eventually { await pair.erlangMembers("chat") == "[]" }
        #expect(swiftGone)
        #expect(await pair.scopeUnchanged())
        withExtendedLifetime(worker) {}
    }

    @Test("the Swift node's end removes its members from Erlang's scope")
    func nodeEnds() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        let workers = (0..<3).map { _ in pair.swift.node.spawnProcess() }
        try await pair.scope.join("jobs", workers.map(\.id))
        let there = await Interop.eventually {
            await pair.erlangMembers("jobs") == pair.erlangNodes((swift: 3, erl: 0))
        }
        #expect(there)
        pair.swift.stop()
        let gone = await Interop.eventually { await pair.erlangMembers("jobs") == "[]" }
        #expect(gone)
        #expect(await pair.scopeUnchanged())
        withExtendedLifetime(workers) {}
    }

    @Test("random joins, leaves and deaths on both sides: the two scopes agree and Erlang's never crashes")
    func randomTraffic() async throws {
        let pair = try await Pair()
        defer { pair.stop() }
        var random = SplitMix64(seed: UInt64(ProcessInfo.processInfo.environment["PG2_SEED"] ?? "") ?? 7)
        let groups = ["a", "b", "c"]
        var swiftProcesses: [ProcessActor] = []
        var joined: [String: [Pid]] = ["a": [], "b": [], "c": []]
        await pair.erl.eval("Ps = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, 6)].")
        for step in 0..<60 {
            let group = groups[Int(random.next() % 3)]
            switch random.next() % 5 {
            case 0, 1:
                let process = pair.swift.node.spawnProcess()
                swiftProcesses.append(process)
                try await pair.scope.join(group, process.id)
                joined[group]!.append(process.id)
            case 2:
                if let pid = joined[group]!.last {
                    _ = try await pair.scope.leave(group, pid)
                    joined[group]!.removeLast()
                } else {
                    // A leave for a group this side never joined: answered not_joined, never sent.
                    #expect(try await pair.scope.leave(group, pair.swift.node.spawnProcess().id) == .notJoined)
                }
            case 3:
                if let process = swiftProcesses.popLast() {
                    pair.swift.node.exit(process.id, reason: .killed)
                    for g in groups { joined[g]!.removeAll { $0 == process.id } }
                }
            default:
                let index = Int(random.next() % 6) + 1
                await pair.erl.eval("pg:join(\(group), lists:nth(\(index), Ps)).")
            }
            if step % 10 == 9 {
                for g in groups {
                    let expected = pair.erlangNodes((swift: joined[g]!.count, erl: 0))
                    let agreed = await Interop.eventually {
                        let theirs = await pair.erl.eval(
                            "lists:sort([node(X) || X <- pg:get_members(\(g)), node(X) =/= node()]).")
                        let count = Int(await pair.erl.eval("length(pg:get_members(\(g))).")) ?? -1
                        return theirs == expected && pair.scope.members(of: g).count == count
                    }
                    let erlang = await pair.erlangMembers(g)
                    #expect(agreed, "step \(step), group \(g): Erlang \(erlang), Swift \(pair.scope.members(of: g))")
                }
                let unchanged = await pair.scopeUnchanged()
                #expect(unchanged, "Erlang's scope restarted at step \(step)")
            }
        }
        withExtendedLifetime(swiftProcesses) {}
    }
}
